package org.calldesk.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Conflict;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.TelephonyConfig;
import org.calldesk.testing.Await;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The holder's shared state (what wrap-ups ride on), between two clustered Vert.x in this JVM: a node that joins gets
 * it in its snapshot, the holder's changes reach the other node (not the holder itself again), and the other node's
 * requests are answered by the holder, its conflicts coming back as conflicts and a request nobody answers failing
 * with a reason.
 */
@ServerTest
class SharedStateTest {

    /** A shared part that remembers what it was given. */
    private static final class Part implements AmiLeadership.Shared {
        volatile JsonObject state = new JsonObject();
        volatile JsonObject restored;
        final List<JsonObject> applied = new CopyOnWriteArrayList<>();

        @Override
        public JsonObject snapshot() {
            return state.copy();
        }

        @Override
        public void restore(JsonObject snapshot) {
            restored = snapshot;
        }

        @Override
        public void apply(JsonObject change) {
            applied.add(change);
        }

        @Override
        public Future<JsonObject> answer(JsonObject request) {
            return "refuse".equals(request.getString("op")) ? Future.failedFuture(new Conflict("not in wrap-up"))
                    : Future.succeededFuture(new JsonObject().put("done", request.getString("op")));
        }
    }

    @Test
    @DisplayName("a joining node gets the holder's shared state in its snapshot, then each change; its requests are answered by the holder")
    void sharedWithTheOthers() throws Exception {
        String name = "shared-" + UUID.randomUUID();
        int p1 = EmbeddedServices.freePort();
        int p2 = EmbeddedServices.freePort();
        List<Vertx> started = new ArrayList<>();
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            Vertx one = ClusterVertx.start(Vertx.builder(), new VertxOptions(), TestClusters.settings(name, p1, p1, p2)).await(60, TimeUnit.SECONDS);
            started.add(one);
            AmiBridge bridge1 = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            Part part1 = new Part();
            part1.state = new JsonObject().put("wrapUps", new JsonArray().add("PJSIP/1001"));
            AmiLeadership holder = new AmiLeadership(one, bridge1, new LiveCalls(), "127.0.0.1:8081", 2000, 1).share("test", part1);
            one.deployVerticle(bridge1).await(10, TimeUnit.SECONDS);
            holder.start().await(10, TimeUnit.SECONDS);
            Await.until("node one to hold the AMI link, up", Duration.ofSeconds(20), () -> bridge1.holdsLink() && bridge1.isUp());

            Vertx two = ClusterVertx.start(Vertx.builder(), new VertxOptions(), TestClusters.settings(name, p2, p1, p2)).await(60, TimeUnit.SECONDS);
            started.add(two);
            AmiBridge bridge2 = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            Part part2 = new Part();
            AmiLeadership other = new AmiLeadership(two, bridge2, new LiveCalls(), "127.0.0.1:8082", 2000, 1).share("test", part2);
            two.deployVerticle(bridge2).await(10, TimeUnit.SECONDS);
            other.start().await(10, TimeUnit.SECONDS);
            Await.until("node two's snapshot", Duration.ofSeconds(20), () -> part2.restored != null);
            assertEquals(part1.state, part2.restored);

            holder.publish("test", new JsonObject().put("n", 1));
            other.publish("test", new JsonObject().put("n", 99)); // not the holder: publishes nothing
            holder.publish("test", new JsonObject().put("n", 2));
            Await.until("both changes on node two", Duration.ofSeconds(10), () -> part2.applied.size() == 2);
            assertEquals(List.of(new JsonObject().put("n", 1), new JsonObject().put("n", 2)), part2.applied);
            assertEquals(List.of(), part1.applied, "the holder does not apply its own changes again");

            assertEquals(new JsonObject().put("done", "extend"),
                    other.ask("test", new JsonObject().put("op", "extend")).await(10, TimeUnit.SECONDS));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> other.ask("test",
                    new JsonObject().put("op", "refuse")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(Conflict.class, refused.getCause());
            assertEquals("not in wrap-up", refused.getCause().getMessage());
            ExecutionException nobody = assertThrows(ExecutionException.class, () -> other.ask("unknown",
                    new JsonObject().put("op", "end")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(nobody.getCause().getMessage().contains("unknown end not done: no cluster node holds the AMI link"),
                    nobody.getCause().getMessage());
            other.stop().await(10, TimeUnit.SECONDS);
            holder.stop().await(10, TimeUnit.SECONDS);
        } finally {
            for (Vertx vertx : started.reversed()) {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }
}
