package org.calldesk.telephony;

import java.time.Instant;

/**
 * One interface's membership in one queue. {@code status} is Asterisk's device state number
 * (1 not in use, 2 in use, 3 busy, 5 unavailable, 6 ringing...).
 */
public record QueueMemberState(String queue, String iface, String memberName, int status,
                               boolean paused, String pausedReason, boolean inCall,
                               boolean ringing, Instant since) {
}
