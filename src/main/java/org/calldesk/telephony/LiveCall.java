package org.calldesk.telephony;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** An immutable view of one call at one moment, as {@link LiveCalls} knows it. */
public record LiveCall(
    String linkedid, String callerUniqueid, String callerChannel, String callerNumber,
    Phase phase, String queue, int position, int priority, Instant enteredAt, Instant joinedAt,
    Set<String> ringing, String agentInterface, String agentName, Instant answeredAt,
    Instant endedAt, Outcome outcome, long waitMs, long talkMs, int missedRings, RouteInfo route) {

    public enum Phase { IVR, QUEUED, RINGING, CONNECTED, COMPLETED, ABANDONED, ENDED }

    /** Stored in {@code calls.outcome}. */
    public enum Outcome {
        ANSWERED, ABANDONED, NO_ANSWER, ENDED_IN_IVR, LOST;

        public String dbValue() {
            return name().toLowerCase();
        }
    }

    public boolean isFinal() {
        return outcome != null;
    }

    /** How long the caller has waited in the queue so far (or waited in all, once answered or gone). */
    public Duration waited(Instant now) {
        if (isFinal() || answeredAt != null) {
            return Duration.ofMillis(waitMs);
        }
        return joinedAt == null ? Duration.ZERO : Duration.between(joinedAt, now);
    }
}
