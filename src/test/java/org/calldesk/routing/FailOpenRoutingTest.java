package org.calldesk.routing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveView;
import org.calldesk.testing.Await;
import org.calldesk.testing.TestDatabase;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server of its own, on a PostgreSQL of the test's own, because this test stops that PostgreSQL. */
@ServerTest
class FailOpenRoutingTest {

    @Test
    @DisplayName("with PostgreSQL stopped, route still answers at once with the default route and says why; the call is queued")
    void postgresDown() throws IOException {
        Vertx vertx = Vertx.vertx();
        TestDatabase database = TestDatabase.start();
        JsonObject config = TestServer.config(EmbeddedServices.freePort(), Path.of("target", "test-data", "failopen-" + UUID.randomUUID()));
        config.put("database", config.getJsonObject("database").mergeIn(database.serverConfig()));
        config.getJsonObject("telephony").getJsonObject("agi").put("port", EmbeddedServices.freePort());
        config.getJsonObject("telephony").getJsonObject("sim").put("ami_port", EmbeddedServices.freePort());
        Calldesk server = TestServer.await(Calldesk.start(vertx, config, null));
        try {
            TestServer.await(server.customers().importCsv("FO-1,Fail Open,+86 133 5000 0001,,100000,1,,,\n"));
            LiveView telephony = server.liveView();
            Await.until("the AMI link", Duration.ofSeconds(10), () -> telephony.linkUp());
            database.close();

            long placed = System.nanoTime();
            String linkedid = TestServer.await(server.simulator().placeCall("+8613350000001", "complaint"));
            Await.until("the call to be queued", Duration.ofSeconds(5), () -> phase(telephony, linkedid) == LiveCall.Phase.QUEUED);
            // well under the simulator's 3 s FastAGI time-out: the route answered, it did not hang
            assertTrue(System.nanoTime() - placed < Duration.ofSeconds(2).toNanos());
            LiveCall call = call(telephony, linkedid).orElseThrow();
            assertEquals("service", call.queue());
            assertEquals(0, call.route().priority());
            assertTrue(call.route().reason().startsWith("default route: "), call.route().reason());

            // the rest of the server degrades too: health says what is down, writes answer 503, nothing crashes; the
            // node still takes calls (their ends wait in the outbox), so it stays ready, degraded
            int port = config.getJsonObject("http").getInteger("port");
            io.vertx.ext.web.client.WebClient web = io.vertx.ext.web.client.WebClient.create(vertx);
            var health = TestServer.await(web.get(port, "127.0.0.1", "/health").send());
            assertEquals(200, health.statusCode(), health.bodyAsString());
            assertEquals("DEGRADED", health.bodyAsJsonObject().getString("status"));
            assertEquals("DOWN", health.bodyAsJsonObject().getJsonObject("checks").getString("postgres"));
            assertEquals("UP", health.bodyAsJsonObject().getJsonObject("checks").getString("outbox"));
            assertEquals("UP", health.bodyAsJsonObject().getJsonObject("checks").getString("telephony"));
            assertEquals(200, TestServer.await(web.get(port, "127.0.0.1", "/health/ready").send()).statusCode());
            var login = TestServer.await(web.post(port, "127.0.0.1", "/api/login")
                    .sendJsonObject(new JsonObject().put("username", "admin").put("password", "x")));
            assertEquals(503, login.statusCode(), login.bodyAsString());
        } finally {
            TestServer.await(server.stop());
            TestServer.await(vertx.close());
            database.close();
        }
    }

    private static Optional<LiveCall> call(LiveView telephony, String linkedid) {
        return TestServer.await(telephony.calls()).stream().filter(c -> c.linkedid().equals(linkedid)).findFirst();
    }

    private static LiveCall.Phase phase(LiveView telephony, String linkedid) {
        return call(telephony, linkedid).map(LiveCall::phase).orElse(null);
    }
}
