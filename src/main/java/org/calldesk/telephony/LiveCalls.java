package org.calldesk.telephony;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.calldesk.telephony.CallEvent.AgentCalled;
import org.calldesk.telephony.CallEvent.AgentComplete;
import org.calldesk.telephony.CallEvent.AgentConnect;
import org.calldesk.telephony.CallEvent.AgentRingNoAnswer;
import org.calldesk.telephony.CallEvent.CoreShowChannel;
import org.calldesk.telephony.CallEvent.Hangup;
import org.calldesk.telephony.CallEvent.QueueCallerAbandon;
import org.calldesk.telephony.CallEvent.QueueCallerJoin;
import org.calldesk.telephony.CallEvent.QueueCallerLeave;
import org.calldesk.telephony.CallEvent.QueueEntry;
import org.calldesk.telephony.CallEvent.ResyncComplete;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.telephony.LiveCall.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live state of calls (one state machine per Linkedid) and of queue members, fed by {@link CallEvent}s.
 * Every handler is idempotent: after a reconnect events repeat or arrive out of order, and a resync
 * replays what is already known. Not thread-safe: feed and query it on the bridge's context only
 * ({@link AmiBridge#callOnBridge} gives other threads a Future of a snapshot).
 */
public final class LiveCalls {

    private static final Logger log = LoggerFactory.getLogger(LiveCalls.class);
    private static final int REMEMBERED = 20_000;

    /** A member joined, changed or (with {@code removed}) left a queue. */
    public record MemberChange(QueueMemberState member, boolean removed) {}

    private final Map<String, CallState> calls = new HashMap<>();
    private final Map<String, String> linkedidByUniqueid = bounded(REMEMBERED * 4);
    private final Map<String, RouteInfo> pendingRoutes = bounded(REMEMBERED);
    private final Map<String, Boolean> ended = bounded(REMEMBERED);
    private final QueueMembers members = new QueueMembers();
    /**
     * The calls each interface was rung by or connected to (lower-case key), so that an agent's status is found
     * without a walk over every live call: a superset, checked against the call when read, and emptied of a call
     * when it ends.
     */
    private final Map<String, Set<CallState>> engaged = new HashMap<>();
    private final List<Consumer<CallChanged>> subscribers = new CopyOnWriteArrayList<>();
    /** The event being applied, and the call it changed (if it changed one and did not end it). */
    private CallEvent applying;
    private CallState changedCall;

    /**
     * Applies the event, then tells subscribers of the call it changed ({@link CallChanged}): they always see
     * the state after the event, whatever order they subscribed in.
     */
    public void accept(CallEvent event) {
        applying = event;
        changedCall = null;
        try {
            apply(event);
        } finally {
            applying = null;
        }
        CallState call = changedCall;
        changedCall = null;
        if (call != null && call.outcome == null) {
            publish(new CallChanged(event, call.view(), false));
        }
    }

    private void apply(CallEvent event) {
        switch (event) {
            case QueueCallerJoin e -> join(e);
            case AgentCalled e -> called(e);
            case AgentRingNoAnswer e -> ringNoAnswer(e);
            case AgentConnect e -> connect(e);
            case AgentComplete e -> complete(e);
            case QueueCallerLeave e -> leave(e);
            case QueueCallerAbandon e -> abandon(e);
            case Hangup e -> hangup(e);
            case QueueEntry e -> entry(e);
            case CoreShowChannel e -> channel(e);
            case ResyncComplete e -> resyncComplete(e);
            case CallEvent.Routed e -> routed(e);
            case CallEvent.OfMember e -> members.accept(e);
            case CallEvent.DialBegin e -> dialBegan(e);
            case CallEvent.DialEnd e -> dialEnded(e);
            case CallEvent.LinkUp e -> { }
            case CallEvent.LinkDown e -> { }
            case CallEvent.Stopping e -> stopping(e);
            // Click-to-call's outcome is the originations' business; its channels are not queue calls.
            case CallEvent.OriginateResponse e -> { }
            // Hold is about an agent's phone, not the call's progress (the reports record it).
            case CallEvent.Hold e -> { }
        }
    }

    /**
     * Told of every change to a call after it is applied, and once with {@code ended} when the call reaches its
     * outcome. Runs on the bridge's context.
     */
    public void subscribe(Consumer<CallChanged> subscriber) {
        subscribers.add(subscriber);
    }

    public void onMemberChange(Consumer<MemberChange> listener) {
        members.onChange(listener);
    }

    public Optional<LiveCall> call(String linkedid) {
        return Optional.ofNullable(calls.get(linkedid)).map(CallState::view);
    }

    public List<LiveCall> calls() {
        return calls.values().stream().map(CallState::view).toList();
    }

    /** Callers still waiting in a queue, best priority first, then longest wait. */
    public List<WaitingCaller> waiting(String queue) {
        return waitingByQueue().getOrDefault(queue, List.of());
    }

    public Map<String, List<WaitingCaller>> waitingByQueue() {
        Instant now = Instant.now();
        Map<String, List<WaitingCaller>> byQueue = new TreeMap<>();
        calls.values().stream()
            .filter(c -> (c.phase == Phase.QUEUED || c.phase == Phase.RINGING) && c.leftQueueAt == null)
            .sorted(Comparator.comparingInt((CallState c) -> -c.priority)
                .thenComparing(c -> c.joinedAt, Comparator.nullsLast(Comparator.naturalOrder())))
            .forEach(c -> byQueue.computeIfAbsent(c.queue, q -> new ArrayList<>()).add(new WaitingCaller(
                c.linkedid, c.queue, c.callerNumber, c.route == null ? null : c.route.tier(), c.priority,
                c.position, c.joinedAt, c.view().waited(now).toMillis(), !c.ringing.isEmpty())));
        return byQueue;
    }

    public List<QueueMemberState> members() {
        return members.all();
    }

    public List<QueueMemberState> members(String queue) {
        return members.all().stream().filter(m -> m.queue().equals(queue)).toList();
    }

    /** Calls in progress that ring this interface or are connected to it. */
    public List<LiveCall> callsOf(String iface) {
        Set<CallState> candidates = iface == null ? null : engaged.get(iface.toLowerCase(Locale.ROOT));
        if (candidates == null) {
            return List.of();
        }
        List<LiveCall> out = new ArrayList<>(candidates.size());
        for (CallState c : candidates) {
            if (engages(c, iface)) {
                out.add(c.view());
            }
        }
        return out;
    }

    public List<QueueMemberState> memberships(String iface) {
        return members.of(iface);
    }

    private static boolean engages(CallState c, String iface) {
        if (c.phase == Phase.CONNECTED && iface.equalsIgnoreCase(c.agentInterface)) {
            return true;
        }
        for (String r : c.ringing) {
            if (r.equalsIgnoreCase(iface)) {
                return true;
            }
        }
        return false;
    }

    /** Files the call under an interface it rings or reached, for {@link #callsOf}. */
    private void engage(CallState call, String iface) {
        if (iface == null) {
            return;
        }
        String key = iface.toLowerCase(Locale.ROOT);
        if (call.engagedKeys.add(key)) {
            engaged.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).add(call);
        }
    }

    private void disengage(CallState call) {
        for (String key : call.engagedKeys) {
            Set<CallState> set = engaged.get(key);
            if (set != null && set.remove(call) && set.isEmpty()) {
                engaged.remove(key);
            }
        }
        call.engagedKeys.clear();
    }

    // --- calls -------------------------------------------------------------------------------

    private void routed(CallEvent.Routed e) {
        if (e.linkedid() == null) {
            CallState call = byUniqueid(e.uniqueid());
            if (call == null) {
                pendingRoutes.put(e.uniqueid(), e.route());
                return;
            }
            applyRoute(call, e.route());
            changed(call);
            return;
        }
        CallState call = open(e.linkedid(), e.uniqueid(), e.at(), e.at());
        if (call == null) {
            return;
        }
        call.caller(e.uniqueid(), null, e.callerNumber());
        applyRoute(call, e.route());
        changed(call);
    }

    /** The account manager rung from the dialplan before the queue: ringing, though no queue is involved. */
    private void dialBegan(CallEvent.DialBegin e) {
        CallState call = known(e.linkedid(), e.uniqueid(), e.at());
        if (call != null && call.phase == Phase.IVR && e.iface() != null && call.ringing.add(e.iface())) {
            engage(call, e.iface());
            changed(call);
        }
    }

    private void join(QueueCallerJoin e) {
        CallState call = open(e.linkedid(), e.uniqueid(), e.at(), e.at());
        if (call == null) {
            return;
        }
        call.caller(e.uniqueid(), e.channel(), e.callerNum());
        call.queue = e.queue();
        call.position = e.position();
        if (call.joinedAt == null) {
            call.joinedAt = e.at();
        }
        call.advance(Phase.QUEUED);
        changed(call);
    }

    private void called(AgentCalled e) {
        CallState call = open(e.linkedid(), e.uniqueid(), e.at(), e.at());
        if (call == null) {
            return;
        }
        call.caller(e.uniqueid(), e.channel(), e.callerNum());
        call.queue = Objects.requireNonNullElse(call.queue, e.queue());
        if (call.joinedAt == null) {
            call.joinedAt = e.at();
        }
        if (call.phase.compareTo(Phase.CONNECTED) < 0 && call.ringing.add(e.iface())) {
            engage(call, e.iface());
            call.advance(Phase.RINGING);
            changed(call);
        }
    }

    /**
     * The account manager, dialled before the queue, picked up (the call is connected without queueing) or did
     * not (the call goes on to the queue).
     */
    private void dialEnded(CallEvent.DialEnd e) {
        CallState call = known(e.linkedid(), e.uniqueid(), e.at());
        if (call == null || call.phase != Phase.IVR) {
            return;
        }
        boolean wasRinging = e.iface() != null && call.ringing.remove(e.iface());
        if (!"ANSWER".equals(e.status())) {
            if (wasRinging) {
                changed(call);
            }
            return;
        }
        call.agentInterface = e.iface();
        engage(call, e.iface());
        call.answeredAt = e.at();
        call.waitMs = call.enteredAt == null ? 0 : Duration.between(call.enteredAt, e.at()).toMillis();
        call.advance(Phase.CONNECTED);
        changed(call);
    }

    private void ringNoAnswer(AgentRingNoAnswer e) {
        CallState call = known(e.linkedid(), e.uniqueid(), e.at());
        if (call == null || !call.ringing.remove(e.iface())) {
            return;
        }
        call.missedRings++;
        if (call.ringing.isEmpty() && call.phase == Phase.RINGING) {
            call.phase = Phase.QUEUED;
        }
        changed(call);
    }

    private void connect(AgentConnect e) {
        CallState call = open(e.linkedid(), e.uniqueid(), e.at(), e.at());
        if (call == null || call.phase == Phase.CONNECTED) {
            return;
        }
        call.caller(e.uniqueid(), e.channel(), null);
        call.queue = Objects.requireNonNullElse(call.queue, e.queue());
        call.ringing.clear();
        call.agentInterface = e.iface();
        engage(call, e.iface());
        call.agentName = e.memberName();
        call.answeredAt = e.at();
        call.waitMs = e.holdTimeS() * 1000;
        if (call.joinedAt == null) {
            call.joinedAt = e.at().minusSeconds(e.holdTimeS());
        }
        call.advance(Phase.CONNECTED);
        changed(call);
    }

    private void complete(AgentComplete e) {
        CallState call = known(e.linkedid(), e.uniqueid(), e.at());
        if (call == null && e.linkedid() == null && e.uniqueid() == null) {
            // Only when the caller's fields are missing: a repeated complete of an ended call must not
            // end the agent's next call.
            call = connectedTo(e.queue(), e.iface());
        }
        if (call == null) {
            call = open(e.linkedid(), e.uniqueid(), e.at().minusSeconds(e.holdTimeS() + e.talkTimeS()), e.at());
        }
        if (call == null) {
            return;
        }
        // A call first heard of here (connected while the link was down) needs its caller's Uniqueid too: the
        // queue_log knows the call by it, and the stored row must meet the queue_log's on it.
        call.caller(e.uniqueid(), e.channel(), null);
        call.queue = Objects.requireNonNullElse(call.queue, e.queue());
        call.agentInterface = Objects.requireNonNullElse(call.agentInterface, e.iface());
        engage(call, call.agentInterface);
        call.agentName = Objects.requireNonNullElse(call.agentName, e.memberName());
        if (call.answeredAt == null) {
            call.answeredAt = e.at().minusSeconds(e.talkTimeS());
            call.waitMs = e.holdTimeS() * 1000;
        }
        call.talkMs = e.talkTimeS() * 1000;
        finish(call, Outcome.ANSWERED, e.at());
    }

    private void leave(QueueCallerLeave e) {
        CallState call = known(e.linkedid(), e.uniqueid(), e.at());
        if (call == null || call.leftQueueAt != null) {
            return;
        }
        call.leftQueueAt = e.at();
        call.position = 0;
        changed(call);
    }

    private void abandon(QueueCallerAbandon e) {
        CallState call = open(e.linkedid(), e.uniqueid(), e.at().minusSeconds(e.holdTimeS()), e.at());
        if (call == null) {
            return;
        }
        call.caller(e.uniqueid(), e.channel(), null);
        call.queue = Objects.requireNonNullElse(call.queue, e.queue());
        call.waitMs = e.holdTimeS() * 1000;
        finish(call, Outcome.ABANDONED, e.at());
    }

    private void hangup(Hangup e) {
        CallState call = known(e.linkedid(), null, e.at());
        if (call == null) {
            return;
        }
        call.seen(e.at());
        boolean callerSide = e.uniqueid() != null
            && (e.uniqueid().equals(call.callerUniqueid) || e.uniqueid().equals(call.linkedid));
        if (!callerSide) {
            return;
        }
        switch (call.phase) {
            case CONNECTED -> {
                call.talkMs = Duration.between(call.answeredAt, e.at()).toMillis();
                finish(call, Outcome.ANSWERED, e.at());
            }
            case QUEUED, RINGING -> {
                call.waitMs = call.joinedAt == null ? 0 : Duration.between(call.joinedAt, e.at()).toMillis();
                finish(call, call.leftQueueAt != null ? Outcome.NO_ANSWER : Outcome.ABANDONED, e.at());
            }
            default -> finish(call, Outcome.ENDED_IN_IVR, e.at());
        }
    }

    private void entry(QueueEntry e) {
        String linkedid = linkedidByUniqueid.getOrDefault(e.uniqueid(), e.uniqueid());
        CallState call = open(linkedid, e.uniqueid(), e.at().minusSeconds(e.waitS()), e.at());
        if (call == null) {
            return;
        }
        call.caller(e.uniqueid(), e.channel(), e.callerNum());
        call.queue = e.queue();
        call.position = e.position();
        call.priority = e.priority();
        if (call.joinedAt == null) {
            call.joinedAt = e.at().minusSeconds(e.waitS());
        }
        call.advance(Phase.QUEUED);
        changed(call);
    }

    private void channel(CoreShowChannel e) {
        if (e.uniqueid() != null && e.linkedid() != null) {
            linkedidByUniqueid.put(e.uniqueid(), e.linkedid());
        }
        CallState call = e.linkedid() == null ? null : calls.get(e.linkedid());
        if (call != null) {
            call.seen(e.at());
        }
    }

    /** Calls and members not seen since the resync began ended or left while the link was down. */
    private void resyncComplete(ResyncComplete e) {
        for (CallState call : List.copyOf(calls.values())) {
            if (call.lastSeen.isBefore(e.startedAt())) {
                log.info("call {} gone during the AMI outage", call.linkedid);
                finish(call, Outcome.LOST, e.at());
            }
        }
        members.dropUnseenSince(e.startedAt());
    }

    /**
     * Every call still live ends as lost when calldesk stops, so that it is stored; a queue_log read after the restart
     * fills in how it really ended.
     */
    private void stopping(CallEvent.Stopping e) {
        for (CallState call : List.copyOf(calls.values())) {
            log.info("call {} still live as calldesk stops", call.linkedid);
            finish(call, Outcome.LOST, e.at());
        }
    }

    /** The call for this Linkedid, created if new; null if it already ended. */
    private CallState open(String linkedid, String uniqueid, Instant enteredAt, Instant at) {
        String key = linkedid != null ? linkedid : uniqueid != null ? linkedidByUniqueid.get(uniqueid) : null;
        if (key == null || ended.containsKey(key)) {
            return null;
        }
        if (uniqueid != null) {
            linkedidByUniqueid.put(uniqueid, key);
        }
        CallState call = calls.computeIfAbsent(key, k -> new CallState(k, enteredAt));
        call.seen(at);
        if (uniqueid != null && call.route == null) {
            RouteInfo route = pendingRoutes.remove(uniqueid);
            if (route != null) {
                applyRoute(call, route);
            }
        }
        return call;
    }

    private CallState known(String linkedid, String uniqueid, Instant at) {
        String key = linkedid != null ? linkedid : uniqueid != null ? linkedidByUniqueid.get(uniqueid) : null;
        CallState call = key == null ? null : calls.get(key);
        if (call != null) {
            call.seen(at);
        }
        return call;
    }

    private CallState byUniqueid(String uniqueid) {
        String linkedid = linkedidByUniqueid.get(uniqueid);
        CallState call = linkedid == null ? null : calls.get(linkedid);
        if (call != null) {
            return call;
        }
        return calls.values().stream().filter(c -> uniqueid.equals(c.callerUniqueid)).findFirst().orElse(null);
    }

    private CallState connectedTo(String queue, String iface) {
        Set<CallState> candidates = iface == null ? null : engaged.get(iface.toLowerCase(Locale.ROOT));
        if (candidates == null) {
            return null;
        }
        return candidates.stream()
            .filter(c -> c.phase == Phase.CONNECTED && Objects.equals(c.queue, queue)
                && iface.equalsIgnoreCase(c.agentInterface))
            .findFirst().orElse(null);
    }

    /**
     * The route's queue stays in the route: {@code queue} is the queue the call joined, so a call the account
     * manager answered from the route (or that ended in the menu) is logged as never queued.
     */
    private void applyRoute(CallState call, RouteInfo route) {
        call.route = route;
        if (call.priority == 0) {
            call.priority = route.priority();
        }
    }

    private void finish(CallState call, Outcome outcome, Instant at) {
        if (call.outcome != null) {
            return;
        }
        call.outcome = outcome;
        call.endedAt = at;
        call.phase = switch (outcome) {
            case ANSWERED -> Phase.COMPLETED;
            case ABANDONED -> Phase.ABANDONED;
            default -> Phase.ENDED;
        };
        calls.remove(call.linkedid);
        disengage(call);
        ended.put(call.linkedid, Boolean.TRUE);
        LiveCall view = call.view();
        log.info("call {} {} in {} (agent {}, wait {} ms, talk {} ms)", view.linkedid(), outcome.dbValue(),
            view.queue(), view.agentInterface(), view.waitMs(), view.talkMs());
        if (changedCall == call) {
            changedCall = null;
        }
        publish(new CallChanged(applying, view, true));
    }

    /** Marks the call the event being applied changed; {@link #accept} publishes it once the event is applied. */
    private void changed(CallState call) {
        changedCall = call;
    }

    private void publish(CallChanged change) {
        for (Consumer<CallChanged> subscriber : subscribers) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                log.error("call subscriber failed on {}", change.cause(), e);
            }
        }
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
