package org.calldesk.telephony;

import java.time.Instant;
import java.util.Set;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;

/**
 * A queue call as Asterisk's queue_log tells it, once it has ended.
 *
 * @param callid       the caller channel's Uniqueid
 * @param callerNumber null when the ENTERQUEUE line was not read (or Asterisk withheld the number)
 * @param memberName   the member who answered, as app_queue names it (calldesk's QueueAdd gives the agent's display
 *                     name; a member added without a name is named by its interface); null when nobody answered
 */
public record QueueLogCall(String callid, String callerNumber, String queue, Instant enteredAt, Instant answeredAt,
                           Instant endedAt, Outcome outcome, String memberName, long waitMs, long talkMs,
                           int missedRings) {

    /**
     * The call as the call store takes it. Asterisk's queue_log has no Linkedid: the caller's Uniqueid stands in for
     * it, which is the Linkedid itself when the caller's channel is the call's first (a trunk call into the hotline).
     */
    public LiveCall toLiveCall(String agentInterface, RouteInfo route) {
        Phase phase = switch (outcome) {
            case ANSWERED -> Phase.COMPLETED;
            case ABANDONED -> Phase.ABANDONED;
            default -> Phase.ENDED;
        };
        return new LiveCall(callid, callid, null, callerNumber, phase, queue, 0, route == null ? 0 : route.priority(),
            enteredAt, enteredAt, Set.of(), agentInterface, memberName, answeredAt, endedAt, outcome, waitMs, talkMs,
            missedRings, route);
    }
}
