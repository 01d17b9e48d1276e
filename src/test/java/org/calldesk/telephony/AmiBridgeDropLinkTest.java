package org.calldesk.telephony;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.asteriskjava.manager.action.PingAction;
import org.calldesk.testing.Await;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cluster node's bridge that gives the AMI link up (its node lost the quorum) and takes it again. */
@ServerTest
@ExtendWith(VertxExtension.class)
class AmiBridgeDropLinkTest {

    @Test
    @DisplayName("dropLink: logs off, tells the subscribers LinkDown, acts through the uplink again ; takeLink connects and resyncs again")
    void dropsAndTakesAgain(Vertx vertx) throws Exception {
        try (FakeAmi ami = new FakeAmi("s3cret")) {
            AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
            RecordingUplink holder = new RecordingUplink("no cluster node holds the AMI link");
            bridge.standBy(holder);
            List<CallEvent> seen = new CopyOnWriteArrayList<>();
            bridge.onEvent(seen::add);
            vertx.deployVerticle(bridge).await(10, TimeUnit.SECONDS);
            bridge.takeLink();
            Await.until("the link up and resynced", Duration.ofSeconds(10),
                    () -> bridge.isUp() && seen.stream().anyMatch(e -> e instanceof CallEvent.ResyncComplete));

            bridge.dropLink("quorum lost").await(10, TimeUnit.SECONDS);
            assertFalse(bridge.holdsLink());
            assertEquals(1, ami.count("Logoff"));
            assertTrue(seen.stream().anyMatch(e -> e instanceof CallEvent.LinkDown d && "quorum lost".equals(d.reason())),
                    "subscribers told the link is down: " + seen);
            assertEquals("no cluster node holds the AMI link", bridge.lastError(), "the holder's state now");
            PingAction ping = new PingAction();
            assertSame(holder.answer, bridge.send(ping).await(10, TimeUnit.SECONDS));
            assertEquals(List.of(ping), holder.sent, "actions go to the holder again");
            assertEquals(1, ami.count("Login"));
            assertTrue(bridge.dropLink("again").succeeded(), "dropping a link not held: nothing to do");

            bridge.takeLink();
            Await.until("the link up again, with a second resync", Duration.ofSeconds(10),
                    () -> bridge.isUp() && ami.count("CoreShowChannels") == 2);
            assertEquals(2, ami.count("Login"));
            assertTrue(bridge.holdsLink());
        }
    }
}
