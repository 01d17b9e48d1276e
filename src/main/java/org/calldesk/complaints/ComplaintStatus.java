package org.calldesk.complaints;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The complaint lifecycle, and what each state does to the resolution clock. */
public enum ComplaintStatus {
    NEW, ACKNOWLEDGED, IN_PROGRESS, WAITING_CUSTOMER, RESOLVED, CLOSED;

    public enum Clock { RUNNING, PAUSED, STOPPED }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Clock clock() {
        return switch (this) {
            case NEW, ACKNOWLEDGED, IN_PROGRESS -> Clock.RUNNING;
            case WAITING_CUSTOMER -> Clock.PAUSED;
            case RESOLVED, CLOSED -> Clock.STOPPED;
        };
    }

    /** Allowed moves; from resolved or closed the only way back is a reopen to in_progress. */
    public boolean canMoveTo(ComplaintStatus next) {
        return next(this).contains(next);
    }

    /** The states this one may move to, for error messages and the buttons a page offers. */
    public Set<ComplaintStatus> allowed() {
        return EnumSet.copyOf(next(this));
    }

    private static Set<ComplaintStatus> next(ComplaintStatus from) {
        return switch (from) {
            case NEW -> EnumSet.of(ACKNOWLEDGED);
            case ACKNOWLEDGED -> EnumSet.of(IN_PROGRESS);
            case IN_PROGRESS -> EnumSet.of(WAITING_CUSTOMER, RESOLVED);
            case WAITING_CUSTOMER -> EnumSet.of(IN_PROGRESS, RESOLVED);
            case RESOLVED -> EnumSet.of(CLOSED, IN_PROGRESS);
            case CLOSED -> EnumSet.of(IN_PROGRESS);
        };
    }

    public static ComplaintStatus parse(String text) {
        if (text != null) {
            String code = text.trim().toLowerCase(Locale.ROOT);
            for (ComplaintStatus status : values()) {
                if (status.code().equals(code)) {
                    return status;
                }
            }
        }
        throw new IllegalArgumentException("unknown complaint status '" + text + "'");
    }
}
