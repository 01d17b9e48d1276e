package org.calldesk.telephony;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;

/** Mutable state of one call inside {@link LiveCalls}; only {@link #view()} leaves the package. */
final class CallState {
    final String linkedid;
    final Instant enteredAt;
    final Set<String> ringing = new LinkedHashSet<>();
    /** The lower-case interfaces {@link LiveCalls} files this call under (rung or reached at some point). */
    final Set<String> engagedKeys = new java.util.HashSet<>(4);
    String callerUniqueid;
    String callerChannel;
    String callerNumber;
    Phase phase = Phase.IVR;
    String queue;
    int position;
    int priority;
    Instant joinedAt;
    Instant leftQueueAt;
    String agentInterface;
    String agentName;
    Instant answeredAt;
    Instant endedAt;
    Outcome outcome;
    long waitMs;
    long talkMs;
    int missedRings;
    RouteInfo route;
    Instant lastSeen;

    CallState(String linkedid, Instant enteredAt) {
        this.linkedid = linkedid;
        this.enteredAt = enteredAt;
        this.lastSeen = enteredAt;
    }

    void caller(String uniqueid, String channel, String number) {
        if (uniqueid != null && callerUniqueid == null) {
            callerUniqueid = uniqueid;
        }
        if (channel != null && callerChannel == null) {
            callerChannel = channel;
        }
        if (number != null && callerNumber == null) {
            callerNumber = number;
        }
    }

    /** Phases only move forward: a late or repeated event never takes a call back. */
    void advance(Phase to) {
        if (outcome == null && phase.compareTo(to) < 0) {
            phase = to;
        }
    }

    void seen(Instant at) {
        if (at.isAfter(lastSeen)) {
            lastSeen = at;
        }
    }

    LiveCall view() {
        return new LiveCall(linkedid, callerUniqueid, callerChannel, callerNumber, phase, queue, position,
            priority, enteredAt, joinedAt, Set.copyOf(ringing), agentInterface, agentName, answeredAt,
            endedAt, outcome, waitMs, talkMs, missedRings, route);
    }
}
