package org.calldesk.telephony;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.asteriskjava.manager.action.QueuePauseAction;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.testing.Await;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bridge of a cluster node that does not hold the AMI link: it connects to nothing and goes through the holder. */
@ExtendWith(VertxExtension.class)
class AmiBridgeStandbyTest {

    @Test
    @DisplayName("standing by: actions and route decisions go to the holder, its events come in through feed, health is the holder's")
    void standsBy(Vertx vertx) throws Exception {
        // Nothing listens on port 1: a bridge that tried to connect would say so in lastError.
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Config.merge(Config.defaults(), new JsonObject()
                .put("telephony", new JsonObject().put("ami", new JsonObject().put("host", "127.0.0.1").put("port", 1))))));
        RecordingUplink holder = new RecordingUplink(null);
        bridge.standBy(holder);
        List<CallEvent> seen = new CopyOnWriteArrayList<>();
        bridge.onEvent(seen::add);
        vertx.deployVerticle(bridge).await(10, TimeUnit.SECONDS);

        assertFalse(bridge.holdsLink());
        assertTrue(bridge.isUp(), "the holder's link is up");
        assertNull(bridge.lastError());
        holder.problem = "no cluster node holds the AMI link";
        assertFalse(bridge.isUp());
        assertEquals("no cluster node holds the AMI link", bridge.lastError());

        QueuePauseAction pause = new QueuePauseAction("PJSIP/1001", true);
        assertSame(holder.answer, bridge.send(pause).await(10, TimeUnit.SECONDS));
        assertEquals(List.of(pause), holder.sent);

        CallEvent.Routed routed = new CallEvent.Routed(Instant.now(), "1.1", "1.1", "+8613800138000", null);
        bridge.inject(routed);
        assertEquals(List.of(routed), holder.forwarded, "a route decision goes to the holder, not to this node's subscribers");

        CallEvent.Hangup fromHolder = new CallEvent.Hangup(Instant.now(), "1.1", "1.1", "PJSIP/trunk-00000001", 16);
        bridge.feed(fromHolder);
        bridge.callOnBridge(() -> null).await(10, TimeUnit.SECONDS);
        assertEquals(List.of(fromHolder), seen);

        bridge.takeLink();
        assertTrue(bridge.holdsLink());
        Await.until("the bridge's own connect attempt", Duration.ofSeconds(10),
                () -> bridge.lastError() != null && bridge.lastError().contains("127.0.0.1:1"));
        bridge.feed(fromHolder);
        bridge.callOnBridge(() -> null).await(10, TimeUnit.SECONDS);
        assertEquals(1, seen.stream().filter(e -> e instanceof CallEvent.Hangup).count(),
                "once it holds the link, the old holder's stream is ignored");
    }
}
