package org.calldesk.telephony;

import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@ServerTest
class AgentPresenceTest {

    static {
        QuietLogs.apply();
    }

    private static final AgentLine AGENT3 =
        new AgentLine(3, "agent3", "Agent Three", "Local/1003@agents", List.of("service", "complaints"));

    private FakeAmi ami;
    private AgentPresence presence;
    private final List<AgentStatus> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect(Vertx vertx, VertxTestContext ctx) throws IOException {
        ami = new FakeAmi("s3cret");
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
        LiveCalls live = new LiveCalls();
        bridge.onEvent(live::accept);
        presence = new AgentPresence(bridge, live);
        presence.onChange(changes::add);
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "AMI up", 5000, bridge::isUp))
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close() throws IOException {
        ami.close();
    }

    @Test
    @DisplayName("going available adds the agent to each of its queues unpaused, under its display name")
    void available(VertxTestContext ctx) {
        presence.available(AGENT3).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            List<Map<String, String>> adds = ami.received("QueueAdd");
            assertEquals(2, adds.size());
            assertEquals(Set.of("service", "complaints"), adds.stream().map(a -> a.get("queue")).collect(Collectors.toSet()));
            assertTrue(adds.stream().allMatch(a -> "Local/1003@agents".equals(a.get("interface"))));
            assertTrue(adds.stream().allMatch(a -> "false".equals(a.get("paused"))));
            assertTrue(adds.stream().allMatch(a -> "Agent Three".equals(a.get("membername"))));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("pausing an agent who is already a member sends QueuePause with the reason for each queue")
    void pausedWhenAlreadyMember(VertxTestContext ctx) {
        ami.failWith("QueueAdd", "Unable to add interface: Already there");
        presence.paused(AGENT3, "lunch").onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            List<Map<String, String>> pauses = ami.received("QueuePause");
            assertEquals(2, pauses.size());
            assertTrue(pauses.stream().allMatch(p -> "true".equals(p.get("paused")) && "lunch".equals(p.get("reason"))));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("logging out an agent who is in no queue succeeds; another AMI error fails with Asterisk's message")
    void loggedOut(VertxTestContext ctx) {
        ami.failWith("QueueRemove", "Unable to remove interface: Not there");
        presence.loggedOut(AGENT3)
            .compose(v -> {
                ami.failWith("QueueRemove", "Unable to remove interface from queue: No such queue");
                return presence.loggedOut(AGENT3).transform(ar -> Future.succeededFuture(ar));
            })
            .onComplete(ctx.succeeding(ar -> ctx.verify(() -> {
                assertTrue(ar.failed());
                assertTrue(ar.cause().getMessage().contains("No such queue"), ar.cause().getMessage());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a pause made on the phone shows in the agent's member state with its reason")
    void pauseOnThePhone(Vertx vertx, VertxTestContext ctx) {
        emit("Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: service\r\nMemberName: Agent Three\r\n"
            + "Interface: Local/1003@agents\r\nStateInterface: Local/1003@agents\r\nMembership: dynamic\r\n"
            + "Penalty: 0\r\nCallsTaken: 0\r\nLastCall: 0\r\nLastPause: 0\r\nLoginTime: 1795341321\r\nInCall: 0\r\n"
            + "Status: 1\r\nPaused: 0\r\nPausedReason: \r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n");
        emit("Event: QueueMemberPause\r\nPrivilege: agent,all\r\nQueue: service\r\nMemberName: Agent Three\r\n"
            + "Interface: Local/1003@agents\r\nStateInterface: Local/1003@agents\r\nMembership: dynamic\r\n"
            + "Penalty: 0\r\nCallsTaken: 0\r\nLastCall: 0\r\nLastPause: 1795341330\r\nLoginTime: 1795341321\r\n"
            + "InCall: 0\r\nStatus: 1\r\nPaused: 1\r\nPausedReason: break\r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n");
        Await.until(vertx, "the phone pause", 5000, () -> changes.stream().anyMatch(AgentStatus::paused))
            .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                AgentStatus first = changes.get(0);
                assertTrue(first.loggedIn());
                assertFalse(first.paused());
                AgentStatus last = changes.get(changes.size() - 1);
                assertTrue(last.paused());
                assertEquals("break", last.pauseReason());
                assertEquals(List.of("service"), last.queues());
                ctx.completeNow();
            })));
    }

    private void emit(String event) {
        try {
            ami.emit(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
