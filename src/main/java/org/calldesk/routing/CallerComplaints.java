package org.calldesk.routing;

import java.util.List;

/**
 * A caller's open complaints as routing needs them: the facts that raise the priority, the complaints the pop
 * shows (most urgent first).
 */
public record CallerComplaints(ComplaintFacts facts, List<OpenComplaint> open) {

    public static final CallerComplaints NONE = new CallerComplaints(ComplaintFacts.NONE, List.of());

    public CallerComplaints {
        open = List.copyOf(open);
    }
}
