package org.calldesk.routing;

/** The caller's open complaints as routing sees them: how many, and the worst SLA state among them. */
public record ComplaintFacts(int open, boolean atRisk, boolean breached) {

    public static final ComplaintFacts NONE = new ComplaintFacts(0, false, false);

    public ComplaintFacts {
        if (open < 0) {
            throw new IllegalArgumentException("open complaints must not be negative: " + open);
        }
    }
}
