package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.QueueMemberState;
import org.calldesk.testing.Captures;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Asterisk 22 captures replayed through the AMI bridge twice: as recorded (no eventfilter lines), and with
 * every event the shipped manager.conf's [calldesk] eventfilter lines drop cut out. calldesk must read the same calls
 * and the same queue members from both, so the filters drop nothing calldesk uses.
 */
@ExtendWith(VertxExtension.class)
@ServerTest
class FilteredCaptureReplayTest {

    static {
        QuietLogs.apply();
    }

    /**
     * What a stored call is made of, the read-time instants aside (each replay reads at its own moment). Durations
     * in whole seconds: Asterisk reports them so, and one calldesk measures between two read instants (a caller who
     * hangs up mid-talk, before AgentComplete) is a few milliseconds at replay speed, longer with more bytes to read.
     */
    record Stored(String linkedid, String callerUniqueid, String callerChannel, String callerNumber, LiveCall.Phase phase,
                  String queue, String agentInterface, String agentName, LiveCall.Outcome outcome, long waitS,
                  long talkS, int missedRings) {
        static Stored of(LiveCall c) {
            return new Stored(c.linkedid(), c.callerUniqueid(), c.callerChannel(), c.callerNumber(), c.phase(), c.queue(),
                c.agentInterface(), c.agentName(), c.outcome(), c.waitMs() / 1000, c.talkMs() / 1000, c.missedRings());
        }
    }

    record Read(List<Stored> calls, List<String> members) {}

    static Read read(Vertx vertx, byte[] capture) throws Exception {
        Future<Captures.Replay> replay = Captures.replay(vertx, capture, live -> { });
        Captures.Replay r = replay.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<String> members = r.live().members().stream().filter(m -> !"sentinel".equals(m.queue()))
            .map(FilteredCaptureReplayTest::member).sorted().toList();
        return new Read(r.ended().stream().map(Stored::of).sorted(Comparator.comparing(Stored::linkedid)).toList(), members);
    }

    static String member(QueueMemberState m) {
        return m.queue() + " " + m.iface() + " status " + m.status() + (m.paused() ? " paused" : "") + (m.inCall() ? " in call" : "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"asterisk-22-queue-call.ami", "asterisk-22-abandon.ami", "asterisk-22-ring-no-answer.ami",
        "asterisk-22-core-show-channels.ami", "asterisk-22-originate-click-to-call.ami", "asterisk-22-calldesk-session.ami"})
    @DisplayName("a real capture with the shipped eventfilter lines applied gives calldesk the same calls and members")
    void sameCallsFromTheFilteredStream(String capture, Vertx vertx) throws Exception {
        byte[] whole = Captures.resource("telephony-samples/" + capture);
        byte[] filtered = ShippedManagerConf.filteredCapture(whole);
        String kept = new String(filtered, StandardCharsets.ISO_8859_1);
        assertTrue(filtered.length < whole.length, "the filters drop events of " + capture);
        assertFalse(kept.contains("Event: Newstate\r\n"), "Newstate is not calldesk's");

        Read fromWhole = read(vertx, whole);
        Read fromFiltered = read(vertx, filtered);
        assertEquals(fromWhole, fromFiltered, capture);
    }
}
