package org.calldesk.routing;

import io.vertx.core.json.JsonArray;

/** A caller's open complaints as routing needs them: the facts that raise the priority, the cards the pop shows. */
public record CallerComplaints(ComplaintFacts facts, JsonArray open) {

    public static final CallerComplaints NONE = new CallerComplaints(ComplaintFacts.NONE, new JsonArray());
}
