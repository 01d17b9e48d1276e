package org.calldesk.screenpop;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCalls;
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

/**
 * Puts the caller's card on the ringing agent's screen on AgentCalled, and keeps it honest afterwards:
 * connected for the agent who answered, withdrawn for the ones who did not, ended when the call ends.
 * Runs on the AMI bridge's context, in event order; the card is already prepared, so a pop is a lookup
 * and an event-bus publish.
 */
public final class ScreenPop {

    private static final Logger log = LoggerFactory.getLogger(ScreenPop.class);

    private final Vertx vertx;
    private final Cards cards;
    private final AgentDirectory agents;
    private final LiveCalls live;
    /** Agents who were shown each call, by Linkedid, so they can be told when it is no longer theirs. */
    private final Map<String, Set<Long>> shown = new HashMap<>();
    private final Map<String, Long> connectedTo = new HashMap<>();

    public ScreenPop(Vertx vertx, Cards cards, AgentDirectory agents, LiveCalls live) {
        this.vertx = vertx;
        this.cards = cards;
        this.agents = agents;
        this.live = live;
    }

    public void accept(CallEvent event) {
        switch (event) {
            case CallEvent.AgentCalled called -> pop(called.linkedid(), called.uniqueid(), called.iface(), called.queue(),
                    called.callerNum(), called.at());
            // The account manager rung before the queue: a plain Dial, no AgentCalled. Queue legs were popped
            // already by their AgentCalled, which comes first.
            case CallEvent.DialBegin dial -> {
                if (notQueued(dial.linkedid())) {
                    pop(dial.linkedid(), dial.uniqueid(), dial.iface(), null, null, dial.at());
                }
            }
            case CallEvent.DialEnd dial -> {
                if (notQueued(dial.linkedid())) {
                    agent(dial.iface()).ifPresent(agent -> {
                        if ("ANSWER".equals(dial.status())) {
                            connectedTo.put(dial.linkedid(), agent.id());
                            send(agent.id(), dial.linkedid(), "connected", dial.at());
                        } else {
                            withdraw(dial.linkedid(), agent.id(), dial.at());
                        }
                    });
                }
            }
            case CallEvent.AgentConnect connect -> agent(connect.iface()).ifPresent(agent -> {
                connectedTo.put(connect.linkedid(), agent.id());
                send(agent.id(), connect.linkedid(), "connected", connect.at());
                // The others who saw it ring lose it now, and only now: the end of the call is the connected agent's.
                Set<Long> popped = shown.get(connect.linkedid());
                if (popped != null) {
                    List.copyOf(popped).stream().filter(id -> id != agent.id())
                            .forEach(id -> withdraw(connect.linkedid(), id, connect.at()));
                }
            });
            case CallEvent.AgentRingNoAnswer missed -> agent(missed.iface())
                    .ifPresent(agent -> withdraw(missed.linkedid(), agent.id(), missed.at()));
            // The end of a call (answered, abandoned, hung up, lost in a resync) comes through ended(), once.
            default -> {
            }
        }
    }

    /** Every ended call, however it ended (also "lost" in a resync): nothing of it stays on any screen or here. */
    public void ended(org.calldesk.telephony.LiveCall call) {
        finish(call.linkedid(), call.callerUniqueid(), call.endedAt() != null ? call.endedAt() : Instant.now());
    }

    private boolean notQueued(String linkedid) {
        return live.call(linkedid).map(call -> call.joinedAt() == null).orElse(false);
    }

    private void pop(String linkedid, String uniqueid, String iface, String queue, String callerNum, Instant at) {
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
        Optional<org.calldesk.telephony.LiveCall> call = live.call(linkedid);
        long waitedMs = call.map(c -> c.waited(at).toMillis()).orElse(0L);
        String caller = callerNum != null ? callerNum : call.map(org.calldesk.telephony.LiveCall::callerNumber).orElse(null);
        cards.get(uniqueid).onSuccess(card -> {
            JsonObject message = (card == null ? unknownCard(caller, queue) : card.copy())
                    .put("type", "pop")
                    .put("linkedid", linkedid)
                    .put("queue", queue)
                    .put("waitedMs", waitedMs);
            Sockets.toUser(vertx, agentId, message, at);
        });
    }

    private static JsonObject unknownCard(String caller, String queue) {
        return new JsonObject().put("caller", caller).put("customer", (Object) null)
                .put("history", new io.vertx.core.json.JsonArray()).put("openComplaints", new io.vertx.core.json.JsonArray())
                .put("route", new JsonObject().put("queue", queue).put("priority", 0)
                        .put("reason", "not routed by calldesk"));
    }

    /** Takes the card off one agent's screen, if it is there. */
    private void withdraw(String linkedid, long agentId, Instant at) {
        Set<Long> popped = shown.get(linkedid);
        if (popped != null && popped.remove(agentId)) {
            send(agentId, linkedid, "withdrawn", at);
        }
    }

    private void finish(String linkedid, String uniqueid, Instant at) {
        Long connected = connectedTo.remove(linkedid);
        Set<Long> popped = shown.remove(linkedid);
        if (connected != null) {
            send(connected, linkedid, "ended", at);
        }
        if (popped != null) {
            popped.stream().filter(id -> !id.equals(connected)).forEach(id -> send(id, linkedid, "withdrawn", at));
        }
        cards.forget(uniqueid);
    }

    private void send(long agentId, String linkedid, String state, Instant at) {
        Sockets.toUser(vertx, agentId, new JsonObject().put("type", "call").put("linkedid", linkedid).put("state", state), null);
    }

    private Optional<AgentLine> agent(String iface) {
        return iface == null ? Optional.empty() : agents.byInterface(iface);
    }

}
