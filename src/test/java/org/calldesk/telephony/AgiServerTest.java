package org.calldesk.telephony;

import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.testing.QuietLogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.calldesk.telephony.CallerLookup.Caller;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@ServerTest
class AgiServerTest {

    static {
        QuietLogs.apply();
    }


    private final Map<String, RouteInfo> routed = new ConcurrentHashMap<>();
    private final Map<String, String> linkedids = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private AgiServer agi;
    private RouteScript route;
    private int port;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) throws IOException {
        port = freePort();
        Map<String, Caller> customers = Map.of(
            "5551234", new Caller(7, "Jane \"JJ\" Customer", "gold", new BigDecimal("1234.50"), "Local/1001@agents"),
            "5559999", new Caller(9, "Key Account", "platinum", new BigDecimal("99999"), "Local/1002@agents"));
        CallerLookup lookup = number -> Future.succeededFuture(Optional.ofNullable(customers.get(number)));
        RouteScript route = new RouteScript(new DefaultRouteService(lookup, 200), (uniqueid, linkedid, number, info) -> {
            routed.put(uniqueid, info);
            if (linkedid != null) {
                linkedids.put(uniqueid, linkedid);
            }
        }, RouteScript.latencyTimer(meters));
        this.route = route;
        agi = agiServer(vertx, port, new JsonObject());
        agi.start().onComplete(ctx.succeedingThenComplete());
    }

    /** A FastAGI server with the route script on {@code port}, the shipped {@code telephony.agi} keys changed by {@code agi}. */
    private AgiServer agiServer(Vertx vertx, int port, JsonObject agi) {
        TelephonyConfig cfg = TelephonyConfig.from(Config.merge(Config.defaults(), new JsonObject().put("telephony", new JsonObject()
            .put("agi", agi.copy().put("host", "127.0.0.1").put("port", port).put("secret", TestServer.AGI_SECRET)))));
        return new AgiServer(vertx, cfg, Map.of("route", route));
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        agi.stop().onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("the route script answers Asterisk 22's request for a gold caller choosing service with queue, priority 20 and reason")
    void routesGoldCaller(Vertx vertx, VertxTestContext ctx) {
        vertx.executeBlocking(() -> AgiClient.converse(port,
                AgiClient.request(port, "route", "5551234", "1795339966.7", "service"),
                Map.of("CHANNEL(linkedid)", "1795339966.6")))
            .onComplete(ctx.succeeding(vars -> ctx.verify(() -> {
                assertEquals("service", vars.get("CALLDESK_QUEUE"));
                assertEquals("20", vars.get("QUEUE_PRIO"));
                assertEquals("gold", vars.get("CALLDESK_TIER"));
                assertEquals("7", vars.get("CALLDESK_CUSTOMER"));
                assertEquals("", vars.get("CALLDESK_AGENT"));
                assertEquals("standard", vars.get("CALLDESK_GREETING"));
                assertEquals("gold customer: priority 20", vars.get("CALLDESK_REASON"));
                assertEquals("SUCCESS", vars.get("AJ_AGISTATUS"));
                RouteInfo info = routed.get("1795339966.7");
                assertEquals(7L, info.customerId());
                assertEquals("service", info.ivr());
                assertEquals("1795339966.6", linkedids.get("1795339966.7"));
                assertEquals(1, meters.get("calldesk.route.latency").timer().count(), "one route timed");
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a platinum caller on the complaint line goes to complaints with priority 30; an unknown caller gets priority 0")
    void complaintAndUnknown(Vertx vertx, VertxTestContext ctx) {
        vertx.executeBlocking(() -> List.of(
                route("route", "5559999", "1.1", "complaint"),
                route("route", "5550000", "1.2", "service")))
            .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                assertEquals("complaints", both.get(0).get("CALLDESK_QUEUE"));
                assertEquals("30", both.get(0).get("QUEUE_PRIO"));
                assertEquals("key-customer", both.get(0).get("CALLDESK_GREETING"));
                assertEquals("service", both.get(1).get("CALLDESK_QUEUE"));
                assertEquals("0", both.get(1).get("QUEUE_PRIO"));
                assertEquals("", both.get(1).get("CALLDESK_CUSTOMER"));
                assertTrue(both.get(1).get("CALLDESK_REASON").startsWith("unknown caller"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("garbage, a half request and an unknown script do not stop the next good request")
    void survivesBadRequests(Vertx vertx, VertxTestContext ctx) {
        vertx.executeBlocking(() -> {
                AgiClient.sendAndClose(port, "\u0000\u00ffnot agi at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                AgiClient.sendAndClose(port, "agi_network: yes\nagi_network_script: route\n".getBytes(StandardCharsets.UTF_8));
                Map<String, String> unknown = route("nosuch", "5551234", "2.1", "service");
                Map<String, String> good = route("route", "5551234", "2.2", "service");
                return List.of(unknown, good);
            })
            .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
                assertEquals("NOT_FOUND", results.get(0).get("AJ_AGISTATUS"));
                assertEquals("service", results.get(1).get("CALLDESK_QUEUE"));
                assertEquals("20", results.get(1).get("QUEUE_PRIO"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("connections that send nothing are closed after the idle timeout, even while waiting for a thread, and the request behind them is answered")
    void stalledConnectionsAreClosed(Vertx vertx) throws Exception {
        int smallPort = freePort();
        AgiServer small = agiServer(vertx, smallPort, new JsonObject().put("threads", 2).put("queue", 10).put("idle_timeout_ms", 300));
        TestServer.await(small.start());
        List<Socket> stalled = new ArrayList<>();
        try (ExecutorService asterisk = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                stalled.add(new Socket(InetAddress.getLoopbackAddress(), smallPort));
            }
            java.util.concurrent.Future<Map<String, String>> behind = asterisk.submit(() -> AgiClient.converse(smallPort,
                AgiClient.request(smallPort, "route", "5551234", "3.1", "service")));
            for (Socket socket : stalled) {
                socket.setSoTimeout(20_000);
                assertEquals(-1, socket.getInputStream().read(), "a stalled connection is closed by the server");
            }
            assertEquals("20", behind.get(20, TimeUnit.SECONDS).get("QUEUE_PRIO"), "the request behind them is routed");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
            TestServer.await(small.stop());
        }
    }

    @Test
    @DisplayName("saturation: sessions on every thread, one waiting and one refused are reported, and the report clears")
    void saturation(Vertx vertx) throws Exception {
        int smallPort = freePort();
        AgiServer small = agiServer(vertx, smallPort, new JsonObject().put("threads", 2).put("queue", 1).put("idle_timeout_ms", 30_000));
        TestServer.await(small.start());
        CountDownLatch release = new CountDownLatch(1);
        List<java.util.concurrent.Future<Map<String, String>>> sessions = new ArrayList<>();
        try (ExecutorService asterisk = Executors.newVirtualThreadPerTaskExecutor()) {
            String[] until = {"one session busy", "two sessions busy", "one waiting", "one refused"};
            for (int i = 0; i < until.length; i++) {
                String request = AgiClient.request(smallPort, "route", "5551234", "4." + i, "service");
                sessions.add(asterisk.submit(() -> AgiClient.session(smallPort, request, Map.of(), 20_000, () -> { },
                    () -> awaitQuietly(release))));
                int n = i;
                Await.until(until[i], Duration.ofSeconds(10), () -> {
                    AgiServer.Saturation now = small.saturation();
                    return switch (n) {
                        case 0 -> now.busy() == 1;
                        case 1 -> now.busy() == 2;
                        case 2 -> now.waiting() == 1;
                        default -> now.refused() == 1;
                    };
                });
            }
            AgiServer.Saturation full = small.saturation();
            assertEquals(2, full.threads());
            assertEquals("FastAGI saturated: 2 of 2 threads busy, 1 of 1 queue places taken, 1 refused since start",
                full.problem());
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertEquals("20", sessions.get(i).get(20, TimeUnit.SECONDS).get("QUEUE_PRIO"), "session " + i);
            }
            assertEquals(Map.of(), sessions.get(3).get(20, TimeUnit.SECONDS), "the refused session got no command");
            Await.until("the pool to be idle", Duration.ofSeconds(10), () -> small.saturation().busy() == 0);
            assertNull(small.saturation().problem());
        } finally {
            release.countDown();
            TestServer.await(small.stop());
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> route(String script, String caller, String uniqueid, String ivr)
        throws IOException {
        return AgiClient.converse(port, AgiClient.request(port, script, caller, uniqueid, ivr));
    }

    static int freePort() {
        return org.calldesk.app.EmbeddedServices.freePort();
    }
}
