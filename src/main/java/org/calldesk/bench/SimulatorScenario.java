package org.calldesk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Config;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The switch simulator's own capacity: calls placed at a fixed rate into one ringall-free queue of 300
 * auto-answering members, with one AMI client reading every event as Asterisk-Java's reader would. The
 * FastAGI port is closed on purpose, so each call takes the dialplan's fail-open path straight to the queue:
 * this measures the PBX, not calldesk's routing.
 */
final class SimulatorScenario implements Benchmark.Scenario {

    private static final int MEMBERS = 300;
    private static final int RATE = 600;
    private static final int SECONDS = 10;

    @Override
    public Table run(Benchmark.Context ctx) throws Exception {
        JsonArray members = new JsonArray();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(new JsonObject().put("interface", "Local/" + (5000 + i) + "@agents").put("name", "Bench " + i));
        }
        JsonObject config = Config.merge(Config.defaults(), new JsonObject()
                .put("telephony", new JsonObject()
                        .put("ami", new JsonObject().put("username", "bench").put("secret", "bench"))
                        .put("agi", new JsonObject().put("host", "127.0.0.1").put("port", EmbeddedServices.freePort()))
                        .put("queues", new JsonArray().add(new JsonObject().put("name", "service").put("strategy", "leastrecent")
                                .put("timeout_s", 5).put("retry_s", 0.1).put("wrapup_s", 0).put("service_level_s", 20).put("weight", 1)
                                .put("maxlen", 0).put("members", members)))
                        .put("sim", new JsonObject().put("ami_port", EmbeddedServices.freePort()).put("answer_after_ms", 20)
                                .put("talk_ms_fixed", 200).put("patience_s_mean", 0).put("seed", 7).put("agi_timeout_ms", 1000)))
                .put("demo", new JsonObject().put("calls_per_minute", 0)));
        SwitchSimulator sim = new SwitchSimulator(ctx.clients(), SimSettings.from(config));
        Await.result(sim.start(), Duration.ofSeconds(30), "simulator start");
        try (Socket client = new Socket("127.0.0.1", sim.amiPort())) {
            OutputStream out = client.getOutputStream();
            out.write("Action: Login\r\nUsername: bench\r\nSecret: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(() -> drain(client), "bench-ami-reader");
            reader.setDaemon(true);
            reader.start();
            int calls = RATE * SECONDS;
            long started = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sim.placeCall("+86138" + String.format(Locale.ROOT, "%08d", i), "service");
                long due = started + (long) ((i + 1) * 1e9 / RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            Await.until(Duration.ofSeconds(60), () -> sim.callsCompleted() + sim.callsAbandoned() >= calls);
            double seconds = (System.nanoTime() - started) / 1e9;
            long done = sim.callsCompleted();
            double callRate = done / seconds;
            double eventRate = sim.amiEventsWritten() / seconds;
            return new Table("sim", "switch simulator: " + RATE + " calls/s offered for " + SECONDS + " s, " + MEMBERS + " members")
                    .value("calls placed / completed / abandoned", sim.callsPlaced() + " / " + done + " / " + sim.callsAbandoned())
                    .value("elapsed, first call to last completed", String.format(Locale.ROOT, "%.1f s", seconds))
                    .value("rate: calls completed / AMI events written per second",
                            String.format(Locale.ROOT, "%.0f / %.0f", callRate, eventRate))
                    .budget(">= 200 calls/s", callRate >= 200, String.format(Locale.ROOT, "%.0f calls/s", callRate))
                    .budget(">= 20000 AMI events/s", eventRate >= 20_000, String.format(Locale.ROOT, "%.0f events/s", eventRate))
                    .budget("no call lost", done + sim.callsAbandoned() == calls, (calls - done - sim.callsAbandoned()) + " missing");
        } finally {
            Await.result(sim.stop(), Duration.ofSeconds(30), "simulator stop");
        }
    }

    /** Reads and drops every byte, as fast as a client that keeps up. */
    private static void drain(Socket client) {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = client.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // keep reading
            }
        } catch (java.io.IOException closed) {
            // the scenario is over
        }
    }
}
