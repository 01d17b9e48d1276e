package org.calldesk.telephony;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.AgentRingNoAnswerEvent;
import org.asteriskjava.manager.event.HoldEvent;
import org.asteriskjava.manager.event.UnholdEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.QueueMemberAddedEvent;
import org.asteriskjava.manager.event.QueueMemberEvent;
import org.asteriskjava.manager.event.QueueMemberPauseEvent;
import org.asteriskjava.manager.event.QueueMemberPausedEvent;
import org.asteriskjava.manager.event.QueueMemberRemovedEvent;
import org.asteriskjava.manager.event.QueueMemberStatusEvent;

/** Converts Asterisk-Java's typed events into {@link CallEvent}s; cheap enough for its reader thread. */
public final class CallEvents {

    private CallEvents() {}

    /** {@code at} is when Asterisk-Java read the event off the socket, so list items keep their order. */
    public static Optional<CallEvent> from(ManagerEvent event) {
        Date received = event.getDateReceived();
        return Optional.ofNullable(convert(event, received != null ? received.toInstant() : Instant.now()));
    }

    /** Returns null for events the server does not use. */
    static CallEvent convert(ManagerEvent event, Instant at) {
        return switch (event) {
            case QueueCallerJoinEvent e -> new CallEvent.QueueCallerJoin(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), e.getCallerIdNum(), e.getCallerIdName(), num(e.getPosition()),
                num(e.getCount()));
            case AgentCalledEvent e -> new CallEvent.AgentCalled(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), first(e.getInterface(), e.getAgentCalled()), e.getMemberName(),
                first(e.getCallerIdNum(), e.getCallerId()), first(e.getDestChannel(), e.getDestinationChannel()),
                e.getDestUniqueId());
            case AgentRingNoAnswerEvent e -> new CallEvent.AgentRingNoAnswer(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), first(e.getInterface(), e.getMember()), e.getMemberName(),
                num(e.getRingtime()));
            case AgentConnectEvent e -> new CallEvent.AgentConnect(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), first(e.getInterface(), e.getMember()), e.getMemberName(),
                num(e.getHoldTime()), num(e.getRingtime()), e.getDestChannel());
            case AgentCompleteEvent e -> new CallEvent.AgentComplete(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), first(e.getInterface(), e.getMember()), e.getMemberName(),
                num(e.getHoldTime()), num(e.getTalkTime()), e.getReason());
            case org.asteriskjava.manager.event.DialBeginEvent e -> new CallEvent.DialBegin(at, e.getLinkedId(),
                e.getUniqueId(), e.getChannel(), e.getDestChannel(), CallEvent.interfaceOf(e.getDestChannel()));
            case org.asteriskjava.manager.event.DialEndEvent e -> new CallEvent.DialEnd(at, e.getLinkedId(),
                e.getUniqueId(), e.getChannel(), e.getDestChannel(), CallEvent.interfaceOf(e.getDestChannel()),
                e.getDialStatus());
            case QueueCallerAbandonEvent e -> new CallEvent.QueueCallerAbandon(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), num(e.getPosition()), num(e.getOriginalPosition()),
                num(e.getHoldTime()));
            case QueueCallerLeaveEvent e -> new CallEvent.QueueCallerLeave(at, e.getLinkedId(), e.getUniqueId(),
                e.getChannel(), e.getQueue(), num(e.getPosition()), num(e.getCount()));
            case HangupEvent e -> new CallEvent.Hangup(at, e.getLinkedId(), e.getUniqueId(), e.getChannel(),
                num(e.getCause()));
            // QueueMemberStatusEvent extends QueueMemberEvent, so it must be matched first.
            case QueueMemberStatusEvent e -> new CallEvent.QueueMemberStatus(at, e.getQueue(), iface(e),
                first(e.getMemberName(), e.getName()), num(e.getStatus()), bool(e.getPaused()),
                text(e.getPausedreason()), num(e.getIncall()) > 0);
            case QueueMemberEvent e -> new CallEvent.QueueMember(at, e.getQueue(), iface(e),
                first(e.getMemberName(), e.getName()), num(e.getStatus()), bool(e.getPaused()),
                text(e.getPausedreason()), num(e.getIncall()) > 0);
            case QueueMemberPauseEvent e -> new CallEvent.QueueMemberPause(at, e.getQueue(),
                first(e.getInterface(), e.getLocation()), e.getMemberName(), bool(e.getPaused()),
                text(first(e.getPausedreason(), e.getPausedReason(), e.getReason())));
            case QueueMemberPausedEvent e -> new CallEvent.QueueMemberPause(at, e.getQueue(),
                first(e.getInterface(), e.getLocation()), e.getMemberName(), bool(e.getPaused()),
                text(first(e.getPausedReason(), e.getReason())));
            case QueueMemberAddedEvent e -> new CallEvent.QueueMemberAdded(at, e.getQueue(),
                first(e.getInterface(), e.getLocation()), e.getMemberName(), num(e.getStatus()),
                bool(e.getPaused()), text(e.getPausedReason()));
            case QueueMemberRemovedEvent e -> new CallEvent.QueueMemberRemoved(at, e.getQueue(),
                first(e.getInterface(), e.getLocation()), e.getMemberName());
            case QueueEntryEvent e -> new CallEvent.QueueEntry(at, e.getQueue(), e.getUniqueId(), e.getChannel(),
                first(e.getCallerIdNum(), e.getCallerId()), num(e.getPosition()), num(e.getPriority()),
                num(e.getWait()));
            case CoreShowChannelEvent e -> new CallEvent.CoreShowChannel(at, e.getLinkedid(), e.getUniqueid(),
                e.getChannel(), e.getApplication(), e.getApplicationdata(), e.getCallerIdNum());
            case DisconnectEvent e -> new CallEvent.LinkDown(at, "AMI link lost");
            case OriginateResponseEvent e -> new CallEvent.OriginateResponse(at, e.getActionId(), e.isSuccess(),
                num(e.getReason()), e.getChannel(), e.getUniqueId());
            case HoldEvent e -> new CallEvent.Hold(at, e.getChannel(), e.getStatus() == null || e.getStatus());
            case UnholdEvent e -> new CallEvent.Hold(at, e.getChannel(), false);
            default -> null;
        };
    }

    private static String iface(QueueMemberEvent e) {
        return first(e.getInterface(), e.getLocation(), e.getStateinterface());
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null && !(v instanceof String s && s.isEmpty())) {
                return v;
            }
        }
        return null;
    }

    private static int num(Integer value) {
        return value == null ? 0 : value;
    }

    private static long num(Long value) {
        return value == null ? 0L : value;
    }

    private static boolean bool(Boolean value) {
        return value != null && value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
