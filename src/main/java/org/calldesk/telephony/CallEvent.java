package org.calldesk.telephony;

import java.time.Instant;

/**
 * The AMI events the server relies on, normalised. {@code at} is when the bridge read the event:
 * Asterisk's events carry no time of their own.
 */
public sealed interface CallEvent extends java.io.Serializable {

    Instant at();

    /** Events about one caller, keyed by the call's Linkedid. */
    sealed interface OfCall extends CallEvent {
        String linkedid();
        String uniqueid();
    }

    /** Events about one queue member. */
    sealed interface OfMember extends CallEvent {
        String queue();
        String iface();
    }

    record QueueCallerJoin(Instant at, String linkedid, String uniqueid, String channel, String queue,
                           String callerNum, String callerName, int position, int count) implements OfCall {}

    record AgentCalled(Instant at, String linkedid, String uniqueid, String channel, String queue,
                       String iface, String memberName, String callerNum, String destChannel,
                       String destUniqueid) implements OfCall {}

    /** {@code ringTimeMs}: AgentRingNoAnswer reports milliseconds. */
    record AgentRingNoAnswer(Instant at, String linkedid, String uniqueid, String channel, String queue,
                             String iface, String memberName, long ringTimeMs) implements OfCall {}

    /** {@code holdTimeS} and {@code ringTimeS}: AgentConnect reports seconds. */
    record AgentConnect(Instant at, String linkedid, String uniqueid, String channel, String queue,
                        String iface, String memberName, long holdTimeS, long ringTimeS,
                        String destChannel) implements OfCall {}

    /** May lack the caller's channel and uniqueid (app_queue race): match on queue and interface too. */
    record AgentComplete(Instant at, String linkedid, String uniqueid, String channel, String queue,
                         String iface, String memberName, long holdTimeS, long talkTimeS,
                         String reason) implements OfCall {}

    record QueueCallerLeave(Instant at, String linkedid, String uniqueid, String channel, String queue,
                            int position, int count) implements OfCall {}

    record QueueCallerAbandon(Instant at, String linkedid, String uniqueid, String channel, String queue,
                              int position, int originalPosition, long holdTimeS) implements OfCall {}

    /** A Dial() leg (the account manager rung before the queue, or a queue member's leg after AgentCalled). */
    record DialBegin(Instant at, String linkedid, String uniqueid, String channel, String destChannel,
                     String iface) implements OfCall {}

    record DialEnd(Instant at, String linkedid, String uniqueid, String channel, String destChannel,
                   String iface, String status) implements OfCall {}

    /** A channel name's unique suffix; compiled once, as it is matched for every Dial event on the AMI reader's thread. */
    java.util.regex.Pattern CHANNEL_SUFFIX = java.util.regex.Pattern.compile("-[0-9a-fA-F]{8}(;\\d+)?$");

    /** The interface a dialled channel belongs to: {@code PJSIP/1002-0000000a;1} is {@code PJSIP/1002}. */
    static String interfaceOf(String channel) {
        return channel == null ? null : CHANNEL_SUFFIX.matcher(channel).replaceFirst("");
    }

    record Hangup(Instant at, String linkedid, String uniqueid, String channel, int cause) implements OfCall {}

    record QueueMemberStatus(Instant at, String queue, String iface, String memberName, int status,
                             boolean paused, String pausedReason, boolean inCall) implements OfMember {}

    record QueueMemberPause(Instant at, String queue, String iface, String memberName, boolean paused,
                            String reason) implements OfMember {}

    record QueueMemberAdded(Instant at, String queue, String iface, String memberName, int status,
                            boolean paused, String pausedReason) implements OfMember {}

    record QueueMemberRemoved(Instant at, String queue, String iface, String memberName) implements OfMember {}

    /** A member as listed by QueueStatus (resync). */
    record QueueMember(Instant at, String queue, String iface, String memberName, int status,
                       boolean paused, String pausedReason, boolean inCall) implements OfMember {}

    /** A waiting caller as listed by QueueStatus (resync); the only place the queue priority shows. */
    record QueueEntry(Instant at, String queue, String uniqueid, String channel, String callerNum,
                      int position, int priority, long waitS) implements CallEvent {}

    /** A live channel as listed by CoreShowChannels (resync). */
    record CoreShowChannel(Instant at, String linkedid, String uniqueid, String channel,
                           String application, String applicationData, String callerNum) implements CallEvent {}

    /** Marks the end of a resync that began at {@code startedAt}; state not seen since then is stale. */
    /**
     * The route script's decision for a caller, handed to the bridge so that live calls change in one place and
     * one order. {@code linkedid} is null when Asterisk did not say.
     */
    record Routed(Instant at, String linkedid, String uniqueid, String callerNumber, RouteInfo route)
        implements OfCall {}

    /**
     * Asterisk's word on one of our async Originates, long after the action's own reply. {@code actionId} is ours,
     * without Asterisk-Java's internal prefix. A failure names the dial string as {@code channel} and has
     * {@code uniqueid} {@code <unknown>}; {@code reason} is the AST_CONTROL_* frame that ended the dial.
     */
    record OriginateResponse(Instant at, String actionId, boolean success, int reason, String channel,
                             String uniqueid) implements CallEvent {}

    record ResyncComplete(Instant at, Instant startedAt) implements CallEvent {}

    record LinkUp(Instant at) implements CallEvent {}

    record LinkDown(Instant at, String reason) implements CallEvent {}

    /**
     * AMI Hold ({@code on}) or Unhold: raised on the channel whose phone pressed hold (for a PJSIP or SIP member, the
     * member's own channel, e.g. PJSIP/1001-00000005).
     */
    record Hold(Instant at, String channel, boolean on) implements CallEvent {

        /**
         * The interface a channel belongs to: its name without Asterisk's "-sequence" suffix (PJSIP/1001-00000005 is
         * PJSIP/1001). A Local pair's phone rings on a channel of its own behind the pair, so a Local member's hold
         * names that phone, not the member.
         */
        public String iface() {
            return CallEvent.interfaceOf(channel);
        }
    }

    /**
     * calldesk is stopping: it will hear nothing more of the calls still live. Not from the wire; the stop hands it in
     * so that those calls are stored, as lost, while the database is still there.
     */
    record Stopping(Instant at) implements CallEvent {}
}
