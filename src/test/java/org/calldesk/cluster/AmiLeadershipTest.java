package org.calldesk.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.asteriskjava.manager.action.PingAction;
import org.calldesk.app.EmbeddedServices;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One clustered Vert.x (a cluster of one) whose AMI lock the test holds first, then lets go. */
@ServerTest
class AmiLeadershipTest {

    @Test
    @DisplayName("while another holds the lock: no link, actions fail saying no node holds it; once free: this node takes the link and resyncs")
    void waitsThenTakes() throws Exception {
        int port = EmbeddedServices.freePort();
        ClusterSettings settings = TestClusters.settings("test-" + UUID.randomUUID(), port, port);
        Vertx vertx = ClusterVertx.start(Vertx.builder(), new io.vertx.core.VertxOptions(), settings).await(60, TimeUnit.SECONDS);
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            Lock elsewhere = vertx.sharedData().getLockWithTimeout(AmiLeadership.LOCK, 10_000).await(30, TimeUnit.SECONDS);
            AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            AmiLeadership leadership = new AmiLeadership(vertx, bridge, new LiveCalls(), "127.0.0.1:8080", 2000, 1);
            vertx.deployVerticle(bridge).await(10, TimeUnit.SECONDS);
            leadership.start().await(10, TimeUnit.SECONDS);

            assertFalse(bridge.holdsLink());
            assertEquals("no cluster node holds the AMI link", bridge.lastError());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> bridge.send(new PingAction()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals("Ping not sent: no cluster node holds the AMI link", refused.getCause().getMessage());
            JsonObject status = leadership.status();
            assertFalse(status.getBoolean("holds_ami"));
            assertEquals(1, status.getJsonArray("members").size());
            assertEquals(0, ami.count("QueueStatus"), "no AMI login while the lock is held elsewhere");

            elsewhere.release();
            Await.until("this node to hold the AMI link, up", Duration.ofSeconds(15), () -> bridge.holdsLink() && bridge.isUp());
            Await.until("the resync on taking the link", Duration.ofSeconds(10), () -> ami.count("CoreShowChannels") == 1);
            assertTrue(leadership.status().getBoolean("holds_ami"));
            assertTrue(leadership.status().getJsonObject("ami_holder").getBoolean("ami_up"));
            bridge.send(new PingAction()).await(10, TimeUnit.SECONDS);
            leadership.stop().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("quorum: below it no lock is asked for and the link stays down; at it the link is taken; below it again the holder logs off AMI, frees the lock and takes it back once the quorum is back")
    void quorum() throws Exception {
        int port = EmbeddedServices.freePort();
        ClusterSettings settings = TestClusters.settings("test-" + UUID.randomUUID(), port, port);
        Vertx vertx = ClusterVertx.start(Vertx.builder(), new io.vertx.core.VertxOptions(), settings).await(60, TimeUnit.SECONDS);
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            // A cluster of one Hazelcast member that the node sees as it is told: 1 of the 3 members of a split cluster.
            AtomicInteger seen = new AtomicInteger(1);
            AmiLeadership leadership = new AmiLeadership(vertx, bridge, new LiveCalls(), "127.0.0.1:8080", 2000, 2);
            leadership.seeing(seen::get);
            vertx.deployVerticle(bridge).await(10, TimeUnit.SECONDS);
            leadership.start().await(10, TimeUnit.SECONDS);

            // The lock is free, yet the node does not take it: the test gets it at once, and no AMI login was made.
            Lock free = vertx.sharedData().getLockWithTimeout(AmiLeadership.LOCK, 10_000).await(30, TimeUnit.SECONDS);
            assertFalse(bridge.holdsLink());
            assertEquals(0, ami.count("Login"), "no AMI login below the quorum");
            JsonObject status = leadership.status();
            assertEquals(2, status.getInteger("quorum"));
            assertFalse(status.getBoolean("has_quorum"));
            assertFalse(status.getBoolean("holds_ami"));
            free.release();

            seen.set(2);
            Await.until("the node to take the AMI link once it sees the quorum", Duration.ofSeconds(15),
                    () -> bridge.holdsLink() && bridge.isUp());
            Await.until("the resync on taking the link", Duration.ofSeconds(10), () -> ami.count("CoreShowChannels") == 1);
            assertTrue(leadership.status().getBoolean("has_quorum"));
            assertTrue(leadership.status().getBoolean("holds_ami"));

            // The split: the holder sees 1 of 2 needed.
            seen.set(1);
            Await.until("the holder to give up the link and log off AMI", Duration.ofSeconds(10),
                    () -> !bridge.holdsLink() && ami.count("Logoff") == 1);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> bridge.send(new PingAction()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals("Ping not sent: no cluster node holds the AMI link", refused.getCause().getMessage());
            Lock released = vertx.sharedData().getLockWithTimeout(AmiLeadership.LOCK, 10_000).await(30, TimeUnit.SECONDS);
            status = leadership.status();
            assertFalse(status.getBoolean("holds_ami"));
            assertFalse(status.getBoolean("has_quorum"));
            assertNull(status.getValue("ami_holder"), status.encode());
            assertEquals("no cluster node holds the AMI link (this node sees 1 cluster members, fewer than the quorum of 2)",
                    bridge.lastError());
            assertEquals(1, ami.count("Login"), "no new login below the quorum");
            released.release();

            // Healed: the node takes the link again, with a resync of its own.
            seen.set(3);
            Await.until("the node to take the AMI link again", Duration.ofSeconds(15), () -> bridge.holdsLink() && bridge.isUp());
            Await.until("the resync on taking the link again", Duration.ofSeconds(10), () -> ami.count("CoreShowChannels") == 2);
            assertEquals(2, ami.count("Login"));
            leadership.stop().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("quorum from Hazelcast's members: of 3 listed, a node alone waits; when a second member joins it takes the link, when that one leaves it drops it, when a third joins it takes it again")
    void quorumOfRealMembers() throws Exception {
        String name = "quorum-" + UUID.randomUUID();
        int[] ports = {EmbeddedServices.freePort(), EmbeddedServices.freePort(), EmbeddedServices.freePort()};
        java.util.function.IntFunction<ClusterSettings> node = i -> TestClusters.settings(name, ports[i], ports);
        ClusterSettings first = node.apply(0);
        assertEquals(2, first.quorumNeeded(), "a majority of 3");
        List<Vertx> started = new java.util.ArrayList<>();
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            Vertx one = ClusterVertx.start(Vertx.builder(), new io.vertx.core.VertxOptions(), first).await(60, TimeUnit.SECONDS);
            started.add(one);
            AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            AmiLeadership leadership = new AmiLeadership(one, bridge, new LiveCalls(), "127.0.0.1:8081", 2000,
                    first.quorumNeeded());
            one.deployVerticle(bridge).await(10, TimeUnit.SECONDS);
            leadership.start().await(10, TimeUnit.SECONDS);

            // Alone: the lock is free, and the test takes it at once; the node made no AMI login.
            Lock free = one.sharedData().getLockWithTimeout(AmiLeadership.LOCK, 10_000).await(30, TimeUnit.SECONDS);
            assertFalse(bridge.holdsLink());
            assertFalse(leadership.status().getBoolean("has_quorum"));
            assertEquals(0, ami.count("Login"));
            free.release();

            // A second member (a bare cluster member, no leadership of its own) joins.
            Vertx two = ClusterVertx.start(Vertx.builder(), new io.vertx.core.VertxOptions(), node.apply(1)).await(60, TimeUnit.SECONDS);
            started.add(two);
            Await.until("node one to take the AMI link with 2 of 3 members", Duration.ofSeconds(20),
                    () -> bridge.holdsLink() && bridge.isUp());
            assertTrue(leadership.status().getBoolean("has_quorum"));
            assertEquals(2, leadership.status().getJsonArray("members").size());

            // It leaves: node one, 1 of 3, logs off AMI and frees the lock.
            two.close().await(30, TimeUnit.SECONDS);
            started.remove(two);
            Await.until("node one to give up the link when the second member left", Duration.ofSeconds(20),
                    () -> !bridge.holdsLink() && ami.count("Logoff") == 1);
            Lock released = one.sharedData().getLockWithTimeout(AmiLeadership.LOCK, 10_000).await(30, TimeUnit.SECONDS);
            assertFalse(leadership.status().getBoolean("has_quorum"));
            released.release();

            Vertx three = ClusterVertx.start(Vertx.builder(), new io.vertx.core.VertxOptions(), node.apply(2)).await(60, TimeUnit.SECONDS);
            started.add(three);
            Await.until("node one to take the link again when a third member joins", Duration.ofSeconds(20),
                    () -> bridge.holdsLink() && bridge.isUp());
            Await.until("a resync on each taking", Duration.ofSeconds(10), () -> ami.count("CoreShowChannels") == 2);
            leadership.stop().await(10, TimeUnit.SECONDS);
        } finally {
            for (Vertx vertx : started) {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }
}
