package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.LiveCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After-call work as a real state: when an agent's answered call ends they are paused in their queues with the reason
 * {@link AgentStatus#WRAP_UP_REASON} for the wrap-up time of the queue the call came from (queues.conf's
 * {@code wrapuptime}, the same number as {@code telephony.queues[].wrapup_s}), then made available again. The agent
 * may extend it or end it. The pause goes through {@link AgentPresence} like any other, so the console, the state API
 * and the board read the same {@link AgentStatus}.
 *
 * <p>An agent who was paused for another reason when the call ended (a break taken during the call) keeps that pause:
 * no wrap-up is started, nothing unpauses them. A wrap-up pause found without a timer (calldesk restarted during it)
 * gets one, so nobody stays in wrap-up for ever.
 */
public final class WrapUp {

    private static final Logger log = LoggerFactory.getLogger(WrapUp.class);
    /** Long enough for the queues' answers to an unpause to arrive; an AMI action times out sooner. */
    private static final java.time.Duration RELEASE_SETTLES = java.time.Duration.ofSeconds(10);

    /** One agent's wrap-up: since when, until when, after which call (null when adopted after a restart). */
    public record Period(Instant started, Instant until, String linkedid) {
        public long leftMs(Instant now) {
            return Math.max(0, until.toEpochMilli() - now.toEpochMilli());
        }
    }

    private record Held(Period period, long timer) {}

    private final Vertx vertx;
    private final AgentDirectory agents;
    private final AgentPresence presence;
    private final Map<String, Integer> secondsByQueue;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /**
     * When each agent's wrap-up was let go, until a state without it is seen: the queues' unpause events that come
     * one by one meanwhile still show wrap-up, and are not an orphan.
     */
    private final Map<String, Instant> released = new ConcurrentHashMap<>();

    /** @param secondsByQueue each queue's wrap-up time in seconds, as in queues.conf */
    public WrapUp(Vertx vertx, AgentDirectory agents, AgentPresence presence, Map<String, Integer> secondsByQueue) {
        this.vertx = vertx;
        this.agents = agents;
        this.presence = presence;
        this.secondsByQueue = Map.copyOf(secondsByQueue);
        presence.onChange(this::adoptOrphan);
    }

    /** Every change of a live call; starts the wrap-up of the agent whose answered call ended. */
    public void changed(CallChanged change) {
        LiveCall call = change.call();
        if (!change.ended() || call.outcome() != LiveCall.Outcome.ANSWERED || call.agentInterface() == null) {
            return;
        }
        agents.byInterface(call.agentInterface()).ifPresent(line -> start(line, call.queue(), call.linkedid()));
    }

    private void start(AgentLine line, String queue, String linkedid) {
        AgentStatus now = presence.state(line.iface());
        if (!now.loggedIn() || (now.paused() && !onlyWrapUpPauses(now))) {
            return;
        }
        int seconds = seconds(line, queue);
        if (seconds <= 0) {
            return;
        }
        Instant at = Instant.now();
        // Recorded before the pause is asked for, so the state that pause brings is sent with its end.
        hold(key(line.iface()), new Period(at, at.plusSeconds(seconds), linkedid));
        presence.paused(line, AgentStatus.WRAP_UP_REASON)
            .onFailure(e -> log.warn("call {}: {} could not be paused for wrap-up: {}", linkedid, line.username(),
                e.getMessage()));
    }

    /** The queue's wrap-up time; for a call that came from no queue (the account manager rung first), the longest of the agent's. */
    int seconds(AgentLine line, String queue) {
        Integer own = queue == null ? null : secondsByQueue.get(queue);
        if (own != null) {
            return own;
        }
        return line.queues().stream().map(secondsByQueue::get).filter(s -> s != null).mapToInt(Integer::intValue)
            .max().orElse(0);
    }

    /** The agent's wrap-up now, if in one. */
    public Optional<Period> of(String iface) {
        Held h = iface == null ? null : held.get(key(iface));
        return h == null ? Optional.empty() : Optional.of(h.period());
    }

    /** Adds time to the agent's wrap-up (from now if it was about to end); a 409 when not in wrap-up. */
    public Period extend(AgentLine line, int seconds) {
        String key = key(line.iface());
        Held h = held.get(key);
        if (h == null) {
            throw new org.calldesk.platform.Conflict("you are not in wrap-up");
        }
        Instant now = Instant.now();
        Instant from = h.period().until().isAfter(now) ? h.period().until() : now;
        Period longer = new Period(h.period().started(), from.plusSeconds(seconds), h.period().linkedid());
        hold(key, longer);
        return longer;
    }

    /** Ends the agent's wrap-up now: available again in all their queues. */
    public Future<Void> end(AgentLine line) {
        forget(line.iface());
        return presence.available(line);
    }

    /** Drops the agent's wrap-up without touching their state (they chose another state themselves). */
    public void forget(String iface) {
        Held h = held.remove(key(iface));
        released.put(key(iface), Instant.now());
        if (h != null) {
            vertx.cancelTimer(h.timer());
        }
    }

    private void hold(String key, Period period) {
        long timer = vertx.setTimer(Math.max(1, period.leftMs(Instant.now())), id -> expire(key, period));
        Held before = held.put(key, new Held(period, timer));
        if (before != null) {
            vertx.cancelTimer(before.timer());
        }
    }

    /** The time is up: available again, unless the agent has meanwhile paused for something else or left. */
    private void expire(String key, Period period) {
        Held h = held.get(key);
        if (h == null || !h.period().equals(period) || !held.remove(key, h)) {
            return;
        }
        released.put(key, Instant.now());
        agents.byInterface(key).ifPresent(line -> {
            AgentStatus now = presence.state(line.iface());
            if (now.paused() && onlyWrapUpPauses(now)) {
                presence.available(line).onFailure(e -> log.warn("{} could not leave wrap-up: {}", line.username(),
                    e.getMessage()));
            }
        });
    }

    private void adoptOrphan(AgentStatus status) {
        String key = key(status.iface());
        if (!status.wrappingUp()) {
            released.remove(key);
            return;
        }
        Instant let = released.get(key);
        if (held.containsKey(key) || (let != null && let.isAfter(Instant.now().minus(RELEASE_SETTLES)))) {
            return;
        }
        agents.byInterface(status.iface()).ifPresent(line -> {
            int seconds = seconds(line, null);
            Instant at = Instant.now();
            log.info("{} found in wrap-up with no timer (calldesk restarted?): available again in {} s",
                line.username(), seconds);
            hold(key(line.iface()), new Period(at, at.plusSeconds(seconds), null));
        });
    }

    private static boolean onlyWrapUpPauses(AgentStatus status) {
        return !status.pauses().isEmpty()
            && status.pauses().values().stream().allMatch(AgentStatus.WRAP_UP_REASON::equals);
    }

    private static String key(String iface) {
        return iface.toLowerCase(Locale.ROOT);
    }
}
