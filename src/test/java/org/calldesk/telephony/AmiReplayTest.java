package org.calldesk.telephony;

import org.calldesk.testing.Captures;
import org.calldesk.testing.QuietLogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.calldesk.telephony.LiveCall.Outcome;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@ServerTest
class AmiReplayTest {

    static {
        QuietLogs.apply();
    }

    @Test
    @DisplayName("a real Asterisk 22 queue call, replayed twice through Asterisk-Java, ends once: answered by 1001, hold 0 s, talk 20 s")
    void queueCall(Vertx vertx, VertxTestContext ctx) throws Exception {
        Captures.replay(vertx, "asterisk-22-queue-call.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795339966.6", call.linkedid());
            assertEquals("1795339966.7", call.callerUniqueid());
            assertEquals("5551234", call.callerNumber());
            assertEquals("support", call.queue());
            assertEquals(Outcome.ANSWERED, call.outcome());
            assertEquals(LiveCall.Phase.COMPLETED, call.phase());
            assertEquals("Local/1001@agents", call.agentInterface());
            assertEquals("Agent 1001", call.agentName());
            assertEquals(0, call.waitMs());
            assertEquals(20_000, call.talkMs());
            assertTrue(r.live().calls().isEmpty(), "no call left live");
            assertFalse(AgentStatus.of("Local/1001@agents", r.live().memberships("Local/1001@agents"), false, false, false).busy());
            assertEquals(2, r.live().members("support").size(), "members from the capture's QueueStatus");
            assertTrue(r.ami().count("QueueStatus") >= 1 && r.ami().count("CoreShowChannels") >= 1);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a caller who hangs up after 4 s in a paused queue is stored as abandoned with 4 s wait")
    void abandon(Vertx vertx, VertxTestContext ctx) throws Exception {
        Captures.replay(vertx, "asterisk-22-abandon.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795341273.0", call.linkedid());
            assertEquals(Outcome.ABANDONED, call.outcome());
            assertEquals(4_000, call.waitMs());
            assertEquals(null, call.agentInterface());
            assertEquals(2, r.live().members("support").size(), "members from the capture");
            assertTrue(r.live().members("support").stream().allMatch(QueueMemberState::paused));
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("a caller whose only agent never answers, rung twice, is abandoned after 7 s with two missed rings")
    void ringNoAnswer(Vertx vertx, VertxTestContext ctx) throws Exception {
        Captures.replay(vertx, "asterisk-22-ring-no-answer.ami").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertEquals(1, r.ended().size(), "calls ended: " + r.ended());
            LiveCall call = r.ended().get(0);
            assertEquals("1795341289.0", call.linkedid());
            assertEquals(Outcome.ABANDONED, call.outcome());
            assertEquals(7_000, call.waitMs());
            assertEquals(2, call.missedRings());
            assertEquals(1, r.live().members("support").size(), "the capture's one member");
            assertTrue(r.live().calls().isEmpty(), "no call left ringing the member");
            ctx.completeNow();
        })));
    }

}
