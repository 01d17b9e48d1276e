package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.calldesk.platform.Conflict;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AgentStatus;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrap-ups as a cluster keeps them, without the cluster: one WrapUp acts (the AMI holder's), another keeps a replica
 * of its changes, wired by hand as the event bus wires them. The agent's interface is no agent's here, so the phone
 * side is never asked to pause or unpause anyone: what is tested is who knows which deadline.
 */
class WrapUpReplicaTest {

    private static final String IFACE = "PJSIP/1009";
    private static final AgentLine LINE = new AgentLine(9, "agent9", "Agent Nine", IFACE, List.of("service"));

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private WrapUp wrapUp(boolean acting) {
        AgentPresence presence = new AgentPresence(null, new LiveCalls());
        WrapUp w = new WrapUp(vertx, new AgentDirectory(null), presence, Map.of("service", 30));
        w.actOnlyWhen(() -> acting);
        return w;
    }

    /** The holder's WrapUp, its changes fed to the follower's as the event bus would; the follower asks the holder. */
    private static List<WrapUp.Change> link(WrapUp holder, WrapUp follower, AtomicBoolean published) {
        List<WrapUp.Change> changes = new CopyOnWriteArrayList<>();
        holder.onChange(c -> {
            changes.add(c);
            if (published.get()) {
                follower.apply(c);
            }
        });
        follower.askWhenNotActing(new WrapUp.Acting() {
            @Override
            public Future<WrapUp.Period> extend(String iface, int seconds) {
                try {
                    return Future.succeededFuture(holder.extendHere(iface, seconds));
                } catch (RuntimeException e) {
                    return Future.failedFuture(e);
                }
            }

            @Override
            public Future<Void> end(String iface) {
                return holder.endHere(iface);
            }

            @Override
            public Future<Void> forget(String iface) {
                return holder.forgetHere(iface);
            }
        });
        return changes;
    }

    @Test
    @DisplayName("a follower shows the holder's deadline, extends through the holder, and a late snapshot does not undo a newer change")
    void followerKeepsTheHoldersDeadline() throws Exception {
        WrapUp holder = wrapUp(true);
        WrapUp follower = wrapUp(false);
        AtomicBoolean published = new AtomicBoolean(true);
        List<WrapUp.Change> changes = link(holder, follower, published);

        assertThrows(ExecutionException.class, () -> follower.extend(LINE, 10).toCompletionStage().toCompletableFuture().get());
        holder.apply(new WrapUp.Change(IFACE, null, 1)); // nothing to apply on the holder; it only raises its version
        WrapUp.Period started = new WrapUp.Period(Instant.now(), Instant.now().plusSeconds(20), "call-1");
        // A wrap-up the holder times (as after an adoption): the follower learns it from the change published.
        holder.apply(new WrapUp.Change(IFACE, started, 2));
        holder.adoptOrphans();
        assertEquals(started.until(), follower.of(IFACE).orElseThrow().until());

        WrapUp.Snapshot before = holder.snapshot();
        WrapUp.Period longer = follower.extend(LINE, 30).await(5, TimeUnit.SECONDS);
        assertEquals(started.until().plusSeconds(30), longer.until());
        assertEquals(longer.until(), follower.of(IFACE).orElseThrow().until(), "the follower's replica has the new deadline");
        assertEquals(longer.until(), holder.of(IFACE).orElseThrow().until());
        assertTrue(changes.getLast().version() > before.version());

        // The snapshot taken before the extension arrives late: the newer change stays.
        follower.restore(before);
        assertEquals(longer.until(), follower.of(IFACE).orElseThrow().until());

        // A node that joins now gets it from a snapshot only.
        WrapUp late = wrapUp(false);
        late.restore(holder.snapshot());
        assertEquals(longer.until(), late.of(IFACE).orElseThrow().until());

        // Ended through the follower: gone on both; a second end is a conflict, as on one node.
        follower.forget(IFACE);
        assertTrue(holder.of(IFACE).isEmpty());
        assertTrue(follower.of(IFACE).isEmpty());
        ExecutionException again = assertThrows(ExecutionException.class,
                () -> follower.end(LINE).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(Conflict.class, again.getCause());
        // The old snapshot, had it come only now, would not bring the ended wrap-up back.
        follower.restore(before);
        assertTrue(follower.of(IFACE).isEmpty());
    }

    @Test
    @DisplayName("the node that takes over adopts the replica's wrap-up with its deadline, ends it then, and tells a version above its predecessor's")
    void takeoverKeepsTheDeadline() {
        AtomicBoolean holding = new AtomicBoolean(false);
        AgentPresence presence = new AgentPresence(null, new LiveCalls());
        WrapUp next = new WrapUp(vertx, new AgentDirectory(null), presence, Map.of("service", 30));
        next.actOnlyWhen(holding::get);
        List<WrapUp.Change> told = new CopyOnWriteArrayList<>();
        next.onChange(told::add);

        Instant until = Instant.now().plusMillis(1500);
        long predecessors = 5_000_000_000_000_000L; // far above this clock's microseconds
        next.apply(new WrapUp.Change(IFACE, new WrapUp.Period(Instant.now().minusSeconds(5), until, "call-2"), predecessors));
        next.adoptOrphans();
        assertTrue(told.isEmpty(), "not adopted while another node acts");

        holding.set(true);
        next.adoptOrphans();
        assertEquals(1, told.size());
        assertEquals(until, told.getFirst().period().until(), "adopted with the replica's deadline, not the full 30 s");
        assertTrue(told.getFirst().version() > predecessors);
        assertFalse(next.of(IFACE).isEmpty());

        Await.until("the adopted wrap-up to end at its deadline", Duration.ofSeconds(5), () -> next.of(IFACE).isEmpty());
        assertFalse(Instant.now().isBefore(until), "not before the deadline");
        assertNull(told.getLast().period());
        assertTrue(Instant.now().isBefore(until.plusSeconds(2)), "ended on time");
    }

    @Test
    @DisplayName("a replica told the wrap-up is over keeps showing its deadline until the agent's queues show the unpause")
    void releaseBeforeTheUnpauseKeepsTheDeadline() {
        LiveCalls live = new LiveCalls();
        WrapUp follower = new WrapUp(vertx, new AgentDirectory(null), new AgentPresence(null, live), Map.of("service", 30));
        follower.actOnlyWhen(() -> false);
        Instant at = Instant.now();
        live.accept(new CallEvent.QueueMemberAdded(at, "service", IFACE, "Agent Nine", 1, true, AgentStatus.WRAP_UP_REASON));
        WrapUp.Period period = new WrapUp.Period(at, at.plusSeconds(3), "call-3");
        follower.apply(new WrapUp.Change(IFACE, period, 10));

        // The holder let it go; the queues' unpause has not come yet: still in wrap-up, with the same deadline.
        follower.apply(new WrapUp.Change(IFACE, null, 11));
        assertEquals(period, follower.shown(IFACE).orElseThrow());
        assertTrue(follower.of(IFACE).isEmpty(), "shown, not timed: the wrap-up itself is over");

        // The unpause comes: no wrap-up, and none left behind for the next one.
        live.accept(new CallEvent.QueueMemberPause(at.plusSeconds(3), "service", IFACE, "Agent Nine", false, null));
        assertTrue(follower.shown(IFACE).isEmpty());

        // Released after the unpause was already seen: nothing is kept.
        live.accept(new CallEvent.QueueMemberPause(at.plusSeconds(4), "service", IFACE, "Agent Nine", true, AgentStatus.WRAP_UP_REASON));
        follower.apply(new WrapUp.Change(IFACE, period, 12));
        live.accept(new CallEvent.QueueMemberPause(at.plusSeconds(5), "service", IFACE, "Agent Nine", false, null));
        follower.apply(new WrapUp.Change(IFACE, null, 13));
        assertTrue(follower.shown(IFACE).isEmpty());
    }
}
