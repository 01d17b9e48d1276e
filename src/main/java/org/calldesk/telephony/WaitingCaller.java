package org.calldesk.telephony;

import java.time.Instant;

/** A caller waiting in a queue, for the boards. */
public record WaitingCaller(String linkedid, String queue, String callerNumber, String tier,
                            int priority, int position, Instant joinedAt, long waitMs, boolean ringing) {}
