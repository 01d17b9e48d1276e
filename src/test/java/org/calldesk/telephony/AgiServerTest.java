package org.calldesk.telephony;

import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.testing.QuietLogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.calldesk.telephony.CallerLookup.Caller;
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
        TelephonyConfig cfg = TelephonyConfig.from(Config.merge(Config.defaults(), new JsonObject().put("telephony", new JsonObject()
            .put("agi", new JsonObject().put("host", "127.0.0.1").put("port", port).put("secret", TestServer.AGI_SECRET)))));
        agi = new AgiServer(vertx, cfg, Map.of("route", route));
        agi.start().onComplete(ctx.succeedingThenComplete());
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

    private Map<String, String> route(String script, String caller, String uniqueid, String ivr)
        throws IOException {
        return AgiClient.converse(port, AgiClient.request(port, script, caller, uniqueid, ivr));
    }

    static int freePort() {
        return org.calldesk.app.EmbeddedServices.freePort();
    }
}
