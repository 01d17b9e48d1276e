package org.calldesk.telephony;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.AmiBridge.AmiActionException;

/**
 * An agent's queue membership: made available, paused or logged out through AMI, and read back from
 * QueueMember* events, so a pause made on the phone shows as well as one made in the console.
 */
public final class AgentPresence {

    private final AmiActions ami;
    private final LiveCalls live;
    private final List<Consumer<AgentStatus>> listeners = new CopyOnWriteArrayList<>();
    /** Written on the bridge's context, read from any thread. */
    private final Map<String, AgentStatus> states = new ConcurrentHashMap<>();
    /** The interfaces each live call rang or reached when last seen; bridge's context only. */
    private final Map<String, Set<String>> engagedByCall = new HashMap<>();

    /**
     * Listeners run on the bridge's context, where member changes and call changes arrive; both move an agent's
     * status (a call rings or connects before the members' own flags say so).
     */
    public AgentPresence(AmiActions ami, LiveCalls live) {
        this.ami = ami;
        this.live = live;
        live.onMemberChange(change -> update(change.member().iface()));
        live.subscribe(this::callChanged);
    }

    /** Member of each of the agent's queues, not paused. */
    public Future<Void> available(AgentLine agent) {
        return eachQueue(agent, queue -> ami.sendOk(add(agent, queue, false, null))
            .recover(e -> already(e, "Already there")
                ? ami.sendOk(pause(agent, queue, false, null))
                : Future.failedFuture(e)));
    }

    /** Member of each of the agent's queues, paused with a reason (lunch, training...). */
    public Future<Void> paused(AgentLine agent, String reason) {
        return eachQueue(agent, queue -> ami.sendOk(add(agent, queue, true, reason))
            .recover(e -> already(e, "Already there")
                ? ami.sendOk(pause(agent, queue, true, reason))
                : Future.failedFuture(e)));
    }

    /** Out of all the agent's queues; being out already is fine. */
    public Future<Void> loggedOut(AgentLine agent) {
        return eachQueue(agent, queue -> ami.sendOk(new QueueRemoveAction(queue, agent.iface()))
            .recover(e -> already(e, "Not there") ? Future.succeededFuture() : Future.failedFuture(e)));
    }

    /** The interface's status as last derived from Asterisk's events; safe from any thread. */
    public AgentStatus state(String iface) {
        AgentStatus state = states.get(key(iface));
        return state != null ? state : AgentStatus.loggedOut(iface);
    }

    /** Everyone in at least one queue; safe from any thread. */
    public List<AgentStatus> all() {
        return List.copyOf(states.values());
    }

    /** Told of every change of an agent's status, on the bridge's context. */
    public void onChange(Consumer<AgentStatus> listener) {
        listeners.add(listener);
    }

    private void callChanged(CallChanged change) {
        LiveCall call = change.call();
        Set<String> engaged = new HashSet<>();
        if (!change.ended()) {
            call.ringing().forEach(iface -> engaged.add(key(iface)));
            if (call.phase() == LiveCall.Phase.CONNECTED && call.agentInterface() != null) {
                engaged.add(key(call.agentInterface()));
            }
        }
        Set<String> before = engaged.isEmpty() ? engagedByCall.remove(call.linkedid())
            : engagedByCall.put(call.linkedid(), engaged);
        Set<String> touched = new HashSet<>(engaged);
        if (before != null) {
            touched.addAll(before);
        }
        touched.forEach(this::update);
    }

    private void update(String iface) {
        List<QueueMemberState> memberships = live.memberships(iface);
        boolean onCall = false;
        boolean ringing = false;
        for (LiveCall call : live.callsOf(iface)) {
            onCall |= call.phase() == LiveCall.Phase.CONNECTED && iface.equalsIgnoreCase(call.agentInterface());
            ringing |= call.ringing().stream().anyMatch(iface::equalsIgnoreCase);
        }
        AgentStatus next = AgentStatus.of(memberships.isEmpty() ? iface : memberships.get(0).iface(), memberships,
            onCall, ringing, false);
        AgentStatus before = next.loggedIn() ? states.put(key(iface), next) : states.remove(key(iface));
        if (!next.equals(before) && (before != null || next.loggedIn())) {
            listeners.forEach(l -> l.accept(next));
        }
    }

    private static Future<Void> eachQueue(AgentLine agent, Function<String, Future<?>> action) {
        if (agent.iface() == null || agent.iface().isBlank()) {
            return Future.failedFuture(new IllegalArgumentException("agent " + agent.username() + " has no interface"));
        }
        List<Future<?>> sent = agent.queues().stream().<Future<?>>map(action).toList();
        return Future.all(sent).mapEmpty();
    }

    private static QueueAddAction add(AgentLine agent, String queue, boolean paused, String reason) {
        QueueAddAction add = new QueueAddAction(queue, agent.iface());
        add.setPaused(paused);
        add.setMemberName(agent.displayName());
        if (reason != null && !reason.isEmpty()) {
            add.setReason(reason);
        }
        return add;
    }

    private static QueuePauseAction pause(AgentLine agent, String queue, boolean paused, String reason) {
        QueuePauseAction pause = new QueuePauseAction(agent.iface(), queue, paused);
        if (reason != null && !reason.isEmpty()) {
            pause.setReason(reason);
        }
        return pause;
    }

    private static String key(String iface) {
        return iface.toLowerCase(Locale.ROOT);
    }

    private static boolean already(Throwable e, String message) {
        return e instanceof AmiActionException a && a.asteriskMessage().contains(message);
    }
}
