package org.calldesk.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ServerTest
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
        // More than needed arrive, so that the first `calls` generated are all there however the AGI connections
        // overtook each other on the way; they are then taken in the order the switch created their channels.
        Await.until((calls + 10) + " AGI sessions", Duration.ofSeconds(10), () -> agi.sessions.size() >= calls + 10);
        sim.stopTraffic();
        List<FakeAgiServer.Session> byCreation = new ArrayList<>(agi.sessions);
        byCreation.sort(java.util.Comparator.comparingLong(s -> sequence(s.headers().get("agi_uniqueid"))));
        List<String> seen = new ArrayList<>();
        for (FakeAgiServer.Session s : byCreation.subList(0, calls)) {
            seen.add(s.headers().get("agi_callerid") + " " + s.headers().get("agi_network_script") + " "
                + s.headers().getOrDefault("agi_arg_1", "-"));
        }
        await(sim.stop());
        await(agi.stop());
        sim = null;
        agi = null;
        return seen;
    }

    /** Asterisk's uniqueid is "epoch seconds.sequence"; the sequence counts channels as the switch made them. */
    private static long sequence(String uniqueid) {
        return Long.parseLong(uniqueid.substring(uniqueid.indexOf('.') + 1));
    }

    @Test
    @DisplayName("generated traffic is the same for the same seed, with unknown +86 mobiles mixed in")
    void deterministicTraffic() throws Exception {
        List<String> first = run(30);
        List<String> second = run(30);
        assertEquals(first, second);
        long unknown = first.stream().filter(s -> !CUSTOMERS.contains(s.split(" ")[0])).count();
        assertTrue(unknown > 0 && unknown < 30, "unknown callers: " + unknown);
        assertTrue(first.stream().filter(s -> !CUSTOMERS.contains(s.split(" ")[0]))
            .allMatch(s -> s.matches("\\+861[3-9]\\d{9} .*")), first.toString());
        assertTrue(first.stream().anyMatch(s -> s.contains("route service")));
    }
}
