package org.calldesk.telephony;

import java.time.Instant;

/**
 * One interface's membership in one queue, as Asterisk last reported it. {@code status} is Asterisk's device state
 * number (1 not in use, 2 in use, 3 busy, 5 unavailable, 6 ringing...). Whether a call rings the member is a fact
 * of the calls, not of the membership: {@link AgentStatus} takes it from {@link LiveCalls}.
 */
public record QueueMemberState(String queue, String iface, String memberName, int status,
                               boolean paused, String pausedReason, boolean inCall, Instant since) {
}
