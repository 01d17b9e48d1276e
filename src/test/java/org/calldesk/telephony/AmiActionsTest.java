package org.calldesk.telephony;

import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.QueueStatusAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@ServerTest
class AmiActionsTest {

    static {
        QuietLogs.apply();
    }

    private FakeAmi ami;
    private AmiBridge bridge;

    @BeforeEach
    void connect(Vertx vertx, VertxTestContext ctx) throws IOException {
        ami = new FakeAmi("s3cret");
        bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
        vertx.deployVerticle(bridge)
            .compose(id -> Await.until(vertx, "AMI up", 5000, bridge::isUp))
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close() throws IOException {
        ami.close();
    }

    @Test
    @DisplayName("changing a waiting caller's priority sends QueueChangePriorityCaller with Immediate: yes")
    void changePriority(VertxTestContext ctx) {
        bridge.changePriority("service", "Local/s@inbound-00000003;2", 35, true)
            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                Map<String, String> sent = ami.received("QueueChangePriorityCaller").get(0);
                assertEquals("service", sent.get("queue"));
                assertEquals("Local/s@inbound-00000003;2", sent.get("caller"));
                assertEquals("35", sent.get("priority"));
                assertEquals("yes", sent.get("immediate"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("an Originate Asterisk refuses fails the Future with Asterisk's message; event lists fail the same way")
    void errors(VertxTestContext ctx) {
        ami.failWith("Originate", "Originate failed");
        ami.failWith("QueueStatus", "Permission denied");
        OriginateAction originate = new OriginateAction();
        originate.setChannel("Local/1001@agents");
        originate.setContext("outbound");
        originate.setExten("5551234");
        originate.setPriority(1);
        originate.setAsync(true);
        bridge.sendOk(originate).transform(Future::succeededFuture)
            .compose(first -> bridge.sendForEvents(new QueueStatusAction())
                .transform(second -> Future.succeededFuture(new Object[] {first, second})))
            .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                var first = (AsyncResult<?>) both[0];
                var second = (AsyncResult<?>) both[1];
                assertTrue(first.failed());
                assertEquals("Originate failed: Originate failed", first.cause().getMessage());
                assertTrue(second.failed());
                assertTrue(second.cause().getMessage().contains("Permission denied"), second.cause().getMessage());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("board snapshots are taken on the bridge's context and handed to any thread")
    void snapshots(Vertx vertx, VertxTestContext ctx) {
        LiveCalls live = new LiveCalls();
        bridge.onEvent(live::accept);
        bridge.runOnBridge(() -> live.accept(new CallEvent.QueueCallerJoin(Instant.now(), "L1", "U1",
            "Local/s@inbound-1;2", "service", "5551234", "Jane", 1, 1)));
        bridge.callOnBridge(() -> live.waiting("service"))
            .onComplete(ctx.succeeding(waiting -> ctx.verify(() -> {
                assertEquals(1, waiting.size());
                assertEquals("5551234", waiting.get(0).callerNumber());
                ctx.completeNow();
            })));
    }
}
