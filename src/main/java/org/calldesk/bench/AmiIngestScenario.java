package org.calldesk.bench;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.TelephonyConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AMI ingest: a bench AMI server streams N copies of a real Asterisk 22 queue call (each with its own
 * Uniqueids and Linkedid) as fast as the socket takes them, through a real {@link AmiBridge} (Asterisk-Java's
 * reader, the bridge's context) into a {@link LiveCalls}. Timed from the first byte written to the
 * sentinel event after the last copy reaching the bridge's subscriber.
 */
final class AmiIngestScenario implements Benchmark.Scenario {

    private static final String CAPTURE = "bench/queue-call.ami";
    private static final String CAPTURE_PREFIX = "1795339966.";
    private static final String SENTINEL_IFACE = "Local/bench-done@bench";
    /** AMI events that CallEvents turns into CallEvents (the rest are read and dropped on the reader thread). */
    private static final Set<String> CONVERTED = Set.of("QueueCallerJoin", "AgentCalled", "AgentRingNoAnswer",
            "AgentConnect", "AgentComplete", "DialBegin", "DialEnd", "QueueCallerAbandon", "QueueCallerLeave", "Hangup",
            "QueueMemberStatus", "QueueMember", "QueueMemberPause", "QueueMemberPaused", "QueueMemberAdded",
            "QueueMemberRemoved", "QueueEntry", "CoreShowChannel");

    @Override
    public Table run(Benchmark.Context ctx) throws Exception {
        int copies = ctx.options().amiCopies();
        List<String> events = events();
        String template = String.join("", events);
        long converted = events.stream().filter(e -> CONVERTED.contains(name(e))).count();
        String sentinel = "Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: sentinel\r\nMemberName: done\r\n"
                + "Interface: " + SENTINEL_IFACE + "\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\nInCall: 0\r\n\r\n";

        AtomicLong firstWrite = new AtomicLong();
        AtomicLong lastWrite = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        Promise<Long> done = Promise.promise();
        AmiStreamServer ami = new AmiStreamServer("bench", out -> {
            try {
                firstWrite.set(System.nanoTime());
                for (int copy = 0; copy < copies; copy++) {
                    out.write(template.replace(CAPTURE_PREFIX, (1_900_000_000L + copy) + ".").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(sentinel.getBytes(StandardCharsets.US_ASCII));
                lastWrite.set(System.nanoTime());
            } catch (IOException e) {
                done.tryFail(new IOException("AMI stream broken after " + delivered.get() + " events: " + e.getMessage(), e));
            }
        });
        LiveCalls live = new LiveCalls();
        live.subscribe(change -> {
            if (change.ended()) {
                ended.incrementAndGet();
            }
        });
        live.onMemberChange(change -> {
            if (SENTINEL_IFACE.equals(change.member().iface())) {
                done.tryComplete(System.nanoTime());
            }
        });
        // The shipped defaults with the stream server's address: every key the bridge reads is there.
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Config.merge(Config.defaults(), new JsonObject()
                .put("telephony", new JsonObject().put("ami", new JsonObject().put("host", "127.0.0.1")
                        .put("port", ami.port()).put("username", "bench").put("secret", "bench")
                        .put("action_timeout_ms", 5000).put("ping_ms", 0))))));
        bridge.onEvent(event -> {
            if (event instanceof CallEvent.OfCall || event instanceof CallEvent.OfMember) {
                delivered.incrementAndGet();
            }
            live.accept(event);
        });
        String deployment = Await.result(ctx.serverVertx().deployVerticle(bridge), Duration.ofSeconds(30), "AMI bridge deploy");
        try {
            long finished = Await.result(done.future(), Duration.ofMinutes(5), "AMI stream of " + copies + " calls");
            Await.until(Duration.ofSeconds(2), () -> ended.get() >= copies);
            double seconds = (finished - firstWrite.get()) / 1e9;
            long sent = (long) events.size() * copies + 1;
            long expected = converted * copies + 1;
            double rate = sent / seconds;
            return new Table("ami", "AMI ingest: bench AMI server -> Asterisk-Java -> AmiBridge -> LiveCalls")
                    .value("capture copies streamed (1 queue call each)", copies)
                    .value("AMI events sent (" + events.size() + " per call + sentinel)", sent)
                    .value("CallEvents expected / delivered to onEvent", expected + " / " + delivered.get())
                    .value("calls completed in LiveCalls / sent", ended.get() + " / " + copies)
                    .value("elapsed first byte -> sentinel delivered", String.format(Locale.ROOT, "%.2f s (writer done after %.2f s)",
                            seconds, (lastWrite.get() - firstWrite.get()) / 1e9))
                    .value("rate: AMI events / CallEvents per second", String.format(Locale.ROOT, "%.0f / %.0f",
                            rate, delivered.get() / seconds))
                    .budget(">= 20000 AMI events/s", rate >= 20_000, String.format(Locale.ROOT, "%.0f events/s", rate))
                    .budget("none lost", delivered.get() == expected && ended.get() == copies,
                            (expected - delivered.get()) + " events, " + (copies - ended.get()) + " calls missing");
        } finally {
            Await.result(ctx.serverVertx().undeploy(deployment), Duration.ofSeconds(30), "AMI bridge undeploy");
            ami.close();
        }
    }

    /** The capture's events, each ending with its blank line; responses to the capture's own actions left out. */
    private static List<String> events() throws IOException {
        String text;
        try (InputStream in = AmiIngestScenario.class.getClassLoader().getResourceAsStream(CAPTURE)) {
            if (in == null) {
                throw new IOException(CAPTURE + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<String> events = new ArrayList<>();
        for (String block : text.split("\r\n\r\n")) {
            if (block.startsWith("Event: ") && !block.contains("\r\nActionID: ")) {
                events.add(block + "\r\n\r\n");
            }
        }
        return events;
    }

    private static String name(String event) {
        int end = event.indexOf("\r\n");
        return event.substring("Event: ".length(), end);
    }
}
