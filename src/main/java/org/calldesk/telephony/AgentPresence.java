package org.calldesk.telephony;

import io.vertx.core.Future;
import java.util.List;
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

    /** An interface's state over all its queues. */
    public record MemberState(String iface, boolean loggedIn, boolean paused, String reason, boolean busy,
                              boolean ringing, List<String> queues) {}

    private final AmiActions ami;
    private final LiveCalls live;
    private final List<Consumer<MemberState>> listeners = new CopyOnWriteArrayList<>();
    /** Written on the bridge's context, read from any thread. */
    private final Map<String, MemberState> states = new ConcurrentHashMap<>();

    /** Listeners run on the bridge's context, where member changes arrive. */
    public AgentPresence(AmiActions ami, LiveCalls live) {
        this.ami = ami;
        this.live = live;
        live.onMemberChange(change -> {
            MemberState state = aggregate(change.member().iface());
            if (state.loggedIn()) {
                states.put(key(state.iface()), state);
            } else {
                states.remove(key(state.iface()));
            }
            listeners.forEach(l -> l.accept(state));
        });
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

    /** The interface's state as last reported by Asterisk; safe from any thread. */
    public MemberState state(String iface) {
        MemberState state = states.get(key(iface));
        return state != null ? state : new MemberState(iface, false, false, null, false, false, List.of());
    }

    /** Everyone in at least one queue; safe from any thread. */
    public List<MemberState> all() {
        return List.copyOf(states.values());
    }

    private MemberState aggregate(String iface) {
        List<QueueMemberState> memberships = live.memberships(iface);
        boolean paused = memberships.stream().anyMatch(QueueMemberState::paused);
        String reason = memberships.stream().filter(QueueMemberState::paused).map(QueueMemberState::pausedReason)
            .filter(r -> r != null && !r.isEmpty()).findFirst().orElse(paused ? "" : null);
        return new MemberState(iface, !memberships.isEmpty(), paused, reason,
            memberships.stream().anyMatch(QueueMemberState::busy),
            memberships.stream().anyMatch(QueueMemberState::ringing),
            memberships.stream().map(QueueMemberState::queue).toList());
    }

    public void onChange(Consumer<MemberState> listener) {
        listeners.add(listener);
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
