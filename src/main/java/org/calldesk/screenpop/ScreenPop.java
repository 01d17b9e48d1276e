package org.calldesk.screenpop;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.LiveCall;
import org.calldesk.web.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Puts the caller's card on the ringing agent's screen on AgentCalled, and keeps it honest afterwards:
 * connected for the agent who answered, withdrawn for the ones who did not, ended when the call ends, and filled in
 * when the caller's card comes only after the pop went out without it.
 * Runs on the AMI bridge's context, in event order; the card is already prepared, so a pop is a lookup
 * and an event-bus publish.
 */
public final class ScreenPop {

    private static final Logger log = LoggerFactory.getLogger(ScreenPop.class);

    private final Vertx vertx;
    private final Cards cards;
    private final AgentDirectory agents;
    /** Agents who were shown each call, by Linkedid, so they can be told when it is no longer theirs. */
    private final Map<String, Set<Long>> shown = new HashMap<>();
    private final Map<String, Long> connectedTo = new HashMap<>();
    /** Pops that went out without the customer, by the caller's Uniqueid: their card may still come. */
    private final Map<String, Shown> withoutCustomer = new HashMap<>();

    private record Shown(String linkedid, String queue, long waitedMs, long shownAtMs) {
    }

    /**
     * The pop each agent has on screen now, as last sent, so a console that reloads or reconnects can show it again:
     * the message, when it was sent, and when the call was answered (0 while ringing). Written on the bridge's context
     * and where a card lookup completes; read from any thread.
     */
    private record OnScreen(JsonObject message, long sentAtMs, long answeredAtMs, long endedAtMs) {
        String linkedid() {
            return message.getString("linkedid");
        }
    }

    private final Map<Long, OnScreen> onScreen = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param onBridge runs work on the AMI bridge's context, where this class's state lives */
    public ScreenPop(Vertx vertx, Cards cards, AgentDirectory agents, Executor onBridge) {
        this.vertx = vertx;
        this.cards = cards;
        this.agents = agents;
        cards.onPrepared((uniqueid, card) -> {
            if (card.customer() != null) {
                onBridge.execute(() -> cardCame(uniqueid, card));
            }
        });
    }

    /** Every change to a live call, after it was applied; on the bridge's context, in event order. */
    public void changed(CallChanged change) {
        LiveCall call = change.call();
        if (change.ended()) {
            ended(call);
            return;
        }
        switch (change.cause()) {
            case CallEvent.AgentCalled called -> pop(call, called.uniqueid(), called.iface(), called.queue(),
                    called.callerNum(), called.at());
            // The account manager rung before the queue: a plain Dial, no AgentCalled. Queue legs were popped
            // already by their AgentCalled, which comes first.
            case CallEvent.DialBegin dial -> {
                if (notQueued(call)) {
                    pop(call, dial.uniqueid(), dial.iface(), null, null, dial.at());
                }
            }
            case CallEvent.DialEnd dial -> {
                if (notQueued(call)) {
                    agent(dial.iface()).ifPresent(agent -> {
                        if ("ANSWER".equals(dial.status())) {
                            connectedTo.put(call.linkedid(), agent.id());
                            send(agent.id(), call.linkedid(), "connected");
                        } else {
                            withdraw(call.linkedid(), agent.id());
                        }
                    });
                }
            }
            case CallEvent.AgentConnect connect -> agent(connect.iface()).ifPresent(agent -> {
                connectedTo.put(call.linkedid(), agent.id());
                send(agent.id(), call.linkedid(), "connected");
                // The others who saw it ring lose it now, and only now: the end of the call is the connected agent's.
                Set<Long> popped = shown.get(call.linkedid());
                if (popped != null) {
                    List.copyOf(popped).stream().filter(id -> id != agent.id())
                            .forEach(id -> withdraw(call.linkedid(), id));
                }
            });
            case CallEvent.AgentRingNoAnswer missed -> agent(missed.iface())
                    .ifPresent(agent -> withdraw(call.linkedid(), agent.id()));
            // A route this node did not decide (it started while the caller waited): fetch the card before the ring.
            case CallEvent.Routed routed -> {
                if (cards.cached(routed.uniqueid()).isEmpty()) {
                    cards.get(routed.uniqueid(), call.linkedid());
                }
            }
            // The end of a call (answered, abandoned, hung up, lost in a resync) comes through ended(), once.
            default -> {
            }
        }
    }

    /** Every ended call, however it ended (also "lost" in a resync): nothing of it stays on any screen or here. */
    private void ended(LiveCall call) {
        finish(call.linkedid(), call.callerUniqueid());
    }

    private static boolean notQueued(LiveCall call) {
        return call.joinedAt() == null;
    }

    private void pop(LiveCall call, String uniqueid, String iface, String queue, String callerNum, Instant at) {
        String linkedid = call.linkedid();
        Optional<AgentLine> agent = agent(iface);
        if (agent.isEmpty()) {
            log.debug("ring for {} on {}: no agent has that interface", linkedid, iface);
            return;
        }
        long agentId = agent.get().id();
        Set<Long> popped = shown.computeIfAbsent(linkedid, k -> new HashSet<>());
        if (!popped.add(agentId)) {
            return;
        }
        long waitedMs = call.waited(at).toMillis();
        String caller = callerNum != null ? callerNum : call.callerNumber();
        cards.get(uniqueid, linkedid).onSuccess(card -> {
            // A card prepared while this one was looked up is the newer.
            PopCard latest = cards.cached(uniqueid).orElse(card);
            PopCard toShow = latest != null ? latest
                    : PopCard.of(caller, null, null, List.of(), new PopCard.Route(queue, 0, "not routed by calldesk"));
            if (toShow.customer() == null && uniqueid != null) {
                withoutCustomer.put(uniqueid, new Shown(linkedid, queue, waitedMs, System.currentTimeMillis()));
            }
            JsonObject message = toShow.toJson()
                    .put("type", "pop")
                    .put("linkedid", linkedid)
                    .put("queue", queue)
                    .put("waitedMs", waitedMs);
            onScreen.put(agentId, new OnScreen(message.copy(), System.currentTimeMillis(), 0, 0));
            Sockets.toUser(vertx, agentId, message, at);
        });
    }

    /**
     * The caller's card came after the pop went out without it (the route's facts or the rebuild were late): the
     * agents who have the call on screen get it as an update of the same pop, not an offer to create a customer who
     * exists.
     */
    private void cardCame(String uniqueid, PopCard card) {
        Shown popped = withoutCustomer.remove(uniqueid);
        Set<Long> showing = popped == null ? null : shown.get(popped.linkedid());
        if (showing == null || showing.isEmpty()) {
            return;
        }
        JsonObject message = card.toJson()
                .put("type", "pop")
                .put("linkedid", popped.linkedid())
                .put("queue", popped.queue())
                .put("waitedMs", popped.waitedMs() + System.currentTimeMillis() - popped.shownAtMs())
                .put("update", true);
        log.info("call {}: card came after the pop; sent to {} agent(s) as an update", popped.linkedid(), showing.size());
        showing.forEach(agentId -> {
            onScreen.computeIfPresent(agentId, (id, was) -> was.linkedid().equals(popped.linkedid())
                    ? new OnScreen(message.copy().put("waitedMs", was.message().getLong("waitedMs", 0L))
                            .put("update", false), was.sentAtMs(), was.answeredAtMs(), was.endedAtMs())
                    : was);
            Sockets.toUser(vertx, agentId, message, null);
        });
    }

    /** Takes the card off one agent's screen, if it is there. */
    private void withdraw(String linkedid, long agentId) {
        Set<Long> popped = shown.get(linkedid);
        if (popped != null && popped.remove(agentId)) {
            send(agentId, linkedid, "withdrawn");
        }
    }

    private void finish(String linkedid, String uniqueid) {
        Long connected = connectedTo.remove(linkedid);
        Set<Long> popped = shown.remove(linkedid);
        if (connected != null) {
            send(connected, linkedid, "ended");
        }
        if (popped != null) {
            popped.stream().filter(id -> !id.equals(connected)).forEach(id -> send(id, linkedid, "withdrawn"));
        }
        if (uniqueid != null) {
            withoutCustomer.remove(uniqueid);
        }
        cards.forget(uniqueid);
    }

    private void send(long agentId, String linkedid, String state) {
        JsonObject message = new JsonObject().put("type", "call").put("linkedid", linkedid).put("state", state);
        long now = System.currentTimeMillis();
        if ("connected".equals(state)) {
            // "Waited" stops at the answer: the console shows this figure from now on, not its own ticking one.
            OnScreen was = onScreen.computeIfPresent(agentId, (id, shown) -> shown.linkedid().equals(linkedid)
                    && shown.answeredAtMs() == 0 ? new OnScreen(shown.message(), shown.sentAtMs(), now, 0) : shown);
            if (was != null && was.linkedid().equals(linkedid)) {
                message.put("waitedMs", waited(was));
            }
        } else if ("ended".equals(state)) {
            // Kept, ended, for the after-call work: a console reloaded during wrap-up still has the call's form.
            onScreen.computeIfPresent(agentId, (id, shown) -> shown.linkedid().equals(linkedid)
                    ? new OnScreen(shown.message(), shown.sentAtMs(), shown.answeredAtMs() > 0 ? shown.answeredAtMs() : now, now)
                    : shown);
        } else {
            onScreen.computeIfPresent(agentId, (id, shown) -> shown.linkedid().equals(linkedid) ? null : shown);
        }
        Sockets.toUser(vertx, agentId, message, null);
    }

    private static long waited(OnScreen shown) {
        long upTo = shown.answeredAtMs() > 0 ? shown.answeredAtMs() : System.currentTimeMillis();
        return shown.message().getLong("waitedMs", 0L) + Math.max(0, upTo - shown.sentAtMs());
    }

    /**
     * The call on this agent's screen now, as a pop message with its state ({@code callState}: ringing, connected, or
     * ended when it is the last call and its after-call work may still be going on),
     * how long the caller waited (up to the answer once answered) and how long the agent has talked: what a console
     * that reloads or reconnects shows again. Empty when no call is on the agent's screen.
     */
    public Optional<JsonObject> current(long agentId) {
        OnScreen shown = onScreen.get(agentId);
        if (shown == null) {
            return Optional.empty();
        }
        boolean answered = shown.answeredAtMs() > 0;
        boolean ended = shown.endedAtMs() > 0;
        long upTo = ended ? shown.endedAtMs() : System.currentTimeMillis();
        return Optional.of(shown.message().copy()
                .put("restored", true)
                .put("callState", ended ? "ended" : answered ? "connected" : "ringing")
                .put("waitedMs", waited(shown))
                .put("talkedMs", answered ? upTo - shown.answeredAtMs() : 0L)
                .put("endedMsAgo", ended ? System.currentTimeMillis() - shown.endedAtMs() : null));
    }

    private Optional<AgentLine> agent(String iface) {
        return iface == null ? Optional.empty() : agents.byInterface(iface);
    }

}
