package org.calldesk.telephony.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrafficTest extends SimTestBase {
  static final List<String> CUSTOMERS = List.of("+8613800000001", "+8613800000002", "+8613800000003");

  JsonObject trafficConfig(int agiPort, double perMinute, double unknownShare) {
    JsonObject config = SimFixtures.config(agiPort, SimFixtures.queue("service", "ringall", 5, 1),
        SimFixtures.queue("complaints", "ringall", 5, 1));
    config.getJsonObject("demo").put("calls_per_minute", perMinute);
    config.getJsonObject("telephony").getJsonObject("sim").put("unknown_caller_share", unknownShare);
    return config;
  }

  List<String> run(int calls) throws Exception {
    startAgi(h -> FakeAgiServer.route("service", 0, ""));
    startSim(trafficConfig(agiPort, 6000, 0.3));
    sim.startTraffic(rnd -> CUSTOMERS.get(rnd.nextInt(CUSTOMERS.size())));
    long deadline = System.currentTimeMillis() + 5000;
    while (agi.sessions.size() < calls && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    sim.stopTraffic();
    List<String> seen = new ArrayList<>();
    for (FakeAgiServer.Session s : agi.sessions.subList(0, calls)) {
      seen.add(s.headers().get("agi_callerid") + " " + s.headers().get("agi_network_script") + " "
          + s.headers().getOrDefault("agi_arg_1", "-"));
    }
    await(sim.stop());
    await(agi.stop());
    sim = null;
    agi = null;
    return seen;
  }

  @Test
  @DisplayName("generated traffic is the same for the same seed, with unknown +86 mobiles mixed in")
  void deterministicTraffic() throws Exception {
    List<String> first = run(30);
    List<String> second = run(30);
    // AGI connections may complete slightly out of arrival order, so compare the draws as multisets.
    assertEquals(first.stream().sorted().toList(), second.stream().sorted().toList());
    long unknown = first.stream().filter(s -> !CUSTOMERS.contains(s.split(" ")[0])).count();
    assertTrue(unknown > 0 && unknown < 30, "unknown callers: " + unknown);
    assertTrue(first.stream().filter(s -> !CUSTOMERS.contains(s.split(" ")[0]))
        .allMatch(s -> s.matches("\\+861[3-9]\\d{9} .*")), first.toString());
    assertTrue(first.stream().anyMatch(s -> s.contains("route service")));
  }

  /** Opt-in throughput check (-Dsim.bench=true); budgets are measured, never asserted in the normal build. */
  @Test
  @DisplayName("benchmark: calls per second and AMI events per second with one Asterisk-Java-like client")
  void throughput() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("sim.bench"), "set -Dsim.bench=true to run");
    startAgi(h -> FakeAgiServer.route("service", 0, ""));
    JsonObject config = SimFixtures.config(agiPort, SimFixtures.queue("service", "leastrecent", 1, 0.1,
        java.util.stream.IntStream.range(0, 300).mapToObj(i -> "Local/" + (1000 + i) + "@agents").toArray(String[]::new)));
    config.getJsonObject("telephony").getJsonObject("sim").put("talk_ms_fixed", 200).put("answer_after_ms", 20);
    startSim(config);
    try (java.net.Socket client = new java.net.Socket("127.0.0.1", sim.amiPort())) {
      client.getOutputStream().write(("Action: Login\r\nUsername: " + SimFixtures.USER + "\r\nSecret: "
          + SimFixtures.SECRET + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      Thread drain = new Thread(() -> {
        byte[] buf = new byte[1 << 16];
        try {
          while (client.getInputStream().read(buf) >= 0) {
            // a client that keeps up, like Asterisk-Java's reader thread
          }
        } catch (java.io.IOException ignored) {
          // closed at the end
        }
      });
      drain.setDaemon(true);
      drain.start();
      long t0 = System.nanoTime();
      int n = Integer.getInteger("sim.bench.calls", 4000);
      for (int i = 0; i < n; i++) {
        sim.placeCall("+86138" + String.format("%08d", i), "service");
        if (i % Integer.getInteger("sim.bench.rate", 400) == Integer.getInteger("sim.bench.rate", 400) - 1) {
          Thread.sleep(1000);
        }
      }
      while (sim.callsCompleted() + sim.callsAbandoned() < n && System.nanoTime() - t0 < 60_000_000_000L) {
        Thread.sleep(50);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("placed %d completed %d in %.1f s: %.0f calls/s, %d events, %.0f events/s%n",
          sim.callsPlaced(), sim.callsCompleted(), s, sim.callsCompleted() / s, sim.amiEventsWritten(),
          sim.amiEventsWritten() / s);
    }
  }
}
