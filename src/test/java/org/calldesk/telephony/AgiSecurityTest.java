package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.telephony.CallerLookup.Caller;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * FastAGI hands out a caller's customer, tier and complaints and takes callbacks; only the PBX may ask, from an
 * allowed address and with the shared secret the dialplan sends.
 */
@ServerTest
class AgiSecurityTest {

    static {
        QuietLogs.apply();
    }

    private static final String GOLD = "5551234";

    private final AtomicInteger lookups = new AtomicInteger();
    private Vertx vertx;
    private AgiServer agi;
    private int port;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        port = AgiServerTest.freePort();
    }

    @AfterEach
    void tearDown() {
        if (agi != null) {
            TestServer.await(agi.stop());
        }
        TestServer.await(vertx.close());
    }

    @Test
    @DisplayName("a connection from an address outside telephony.agi.allow is closed unread, and no script runs")
    void refusesAddressesNotAllowed() throws IOException {
        start(new JsonArray().add("192.0.2.0/24"));

        List<String> commands = exchange(AgiClient.request(port, "route", GOLD, "1.1", "service"));

        assertEquals(List.of(), commands, "the server sent nothing before closing");
        assertEquals(0, lookups.get(), "no customer was looked up");
        assertTrue(agi.isListening(), "a refused connection does not stop the server");
    }

    @Test
    @DisplayName("a request without the secret, or with a wrong one, gets no customer data; with it, it does")
    void secretRequired() throws IOException {
        start(new JsonArray().add("127.0.0.1").add("::1"));

        Map<String, String> none = AgiClient.converse(port, AgiClient.requestFor(port, "route", GOLD, "2.1", "service"));
        Map<String, String> wrong = AgiClient.converse(port,
            AgiClient.requestFor(port, "route?secret=test-agi-secret-0123456788", GOLD, "2.2", "service"));
        Map<String, String> empty = AgiClient.converse(port, AgiClient.requestFor(port, "route?secret=", GOLD, "2.3", "service"));

        for (Map<String, String> refused : List.of(none, wrong, empty)) {
            assertTrue(refused.keySet().stream().noneMatch(name -> name.startsWith("CALLDESK_") || name.equals("QUEUE_PRIO")),
                "set " + refused);
        }
        assertEquals(0, lookups.get(), "no customer was looked up");

        Map<String, String> allowed = AgiClient.converse(port, AgiClient.request(port, "route", GOLD, "2.4", "service"));
        assertEquals("7", allowed.get("CALLDESK_CUSTOMER"));
        assertEquals("gold", allowed.get("CALLDESK_TIER"));
    }

    @Test
    @DisplayName("every FastAGI call of the shipped dialplan sends ?secret=${CALLDESK_AGI_SECRET}, which [globals] defines")
    void dialplanSendsTheSecret() throws IOException {
        Dialplan plan = Dialplan.load();
        assertFalse(plan.agiCalls().isEmpty());
        plan.agiCalls().forEach(call -> assertEquals("secret=${CALLDESK_AGI_SECRET}", call.query(),
            "AGI() in [" + call.step().context() + "] for " + call.script()));
        assertTrue(plan.globals().containsKey("CALLDESK_AGI_SECRET"));
    }

    private void start(JsonArray allow) {
        CallerLookup customers = number -> {
            lookups.incrementAndGet();
            return Future.succeededFuture(GOLD.equals(number)
                ? Optional.of(new Caller(7, "Jane Customer", "gold", new BigDecimal("1234.50"), null))
                : Optional.empty());
        };
        RouteScript route = new RouteScript(new DefaultRouteService(customers, 200), (uniqueid, linkedid, number, info) -> {
        }, null);
        TelephonyConfig cfg = TelephonyConfig.from(Config.merge(Config.defaults(), new JsonObject().put("telephony",
            new JsonObject().put("agi", new JsonObject().put("host", "127.0.0.1").put("port", port).put("allow", allow)
                .put("secret", TestServer.AGI_SECRET)))));
        agi = new AgiServer(vertx, cfg, Map.of("route", route));
        TestServer.await(agi.start());
    }

    /** Plays Asterisk, but keeps whatever comes back, nothing included. */
    private List<String> exchange(String request) throws IOException {
        List<String> commands = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                socket.getOutputStream().write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketException reset) {
            // closed by the server while the request was still being written: refused all the same
        }
        return commands;
    }
}
