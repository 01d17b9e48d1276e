package org.calldesk.complaints;

/**
 * An escalation step: when {@code fraction} of the resolution target has been used, {@code audience}
 * (owner, supervisors, managers) hears about it. Levels are numbered from 1 in order of fraction.
 */
public record EscalationLevel(int level, String audience, double fraction) {

    public EscalationLevel {
        if (level < 1) {
            throw new IllegalArgumentException("escalation levels start at 1, got " + level);
        }
        if (!(fraction > 0)) {
            throw new IllegalArgumentException("escalation fraction must be greater than 0, got " + fraction);
        }
    }
}
