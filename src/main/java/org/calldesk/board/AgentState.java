package org.calldesk.board;

import org.calldesk.telephony.QueueMemberState;

import java.util.List;

/**
 * What an agent is doing, as the wallboard counts it. Declared in order of precedence: an agent in
 * several queues is shown by the most engaged of their memberships (a call in one queue makes them
 * busy for all of them, as the device is).
 */
public enum AgentState {
    ON_CALL("on call"), RINGING("ringing"), PAUSED("paused"), WRAP_UP("wrap-up"), UNAVAILABLE("unavailable"),
    AVAILABLE("available");

    /** Asterisk device states in which the phone cannot take a call: invalid, unavailable. */
    private static final int STATUS_INVALID = 4;
    private static final int STATUS_UNAVAILABLE = 5;
    private static final int STATUS_BUSY = 3;

    private final String label;

    AgentState(String label) {
        this.label = label;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return label;
    }

    /**
     * @param onCall   a live call is connected to this interface (the member's own flags can lag a beat)
     * @param wrapping the interface's last answered call ended less than the queue's wrap-up time ago
     */
    public static AgentState of(List<QueueMemberState> memberships, boolean onCall, boolean wrapping) {
        if (onCall || memberships.stream().anyMatch(m -> !m.ringing()
                && (m.inCall() || m.status() == QueueMemberState.STATUS_INUSE || m.status() == STATUS_BUSY))) {
            return ON_CALL;
        }
        if (memberships.stream().anyMatch(QueueMemberState::ringing)) {
            return RINGING;
        }
        if (memberships.stream().anyMatch(QueueMemberState::paused)) {
            return PAUSED;
        }
        if (wrapping) {
            return WRAP_UP;
        }
        if (!memberships.isEmpty() && memberships.stream()
                .allMatch(m -> m.status() == STATUS_INVALID || m.status() == STATUS_UNAVAILABLE)) {
            return UNAVAILABLE;
        }
        return AVAILABLE;
    }
}
