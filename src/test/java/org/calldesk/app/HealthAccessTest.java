package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.platform.HttpSettings;
import org.calldesk.testing.ServerTest;
import org.calldesk.web.WebVerticle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Why a part is down, and the metrics, name hosts, users and internal errors: admins and the scraper only. */
@ServerTest
class HealthAccessTest {

    private static final String TOKEN = "scrape-secret-7d1f";
    private static final String REASON = "FATAL: password authentication failed for user \"calldesk\" at 10.1.2.3:5432";

    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        int port = EmbeddedServices.freePort();
        Health health = new Health(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), TOKEN)
                .register("postgres", () -> Future.succeededFuture(REASON))
                .register("redis", () -> Future.succeededFuture(null));
        TestServer.await(vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, java.time.Duration.ofHours(1), java.time.Duration.ofHours(12), false, TOKEN),
                List.of(health))));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterAll
    static void stop() {
        TestServer.await(vertx.close());
    }

    @Test
    @DisplayName("anyone sees which part is down, only the scrape token sees why")
    void reasonsOnlyForTheScraper() {
        HttpResponse<Buffer> anonymous = TestServer.await(client.get("/health").send());
        assertEquals(503, anonymous.statusCode());
        JsonObject body = anonymous.bodyAsJsonObject();
        assertEquals("DOWN", body.getJsonObject("checks").getString("postgres"));
        assertEquals("UP", body.getJsonObject("checks").getString("redis"));
        assertNull(body.getValue("reasons"), body.encode());
        assertFalse(anonymous.bodyAsString().contains("10.1.2.3"));

        HttpResponse<Buffer> wrong = TestServer.await(client.get("/health").bearerTokenAuthentication("guess").send());
        assertNull(wrong.bodyAsJsonObject().getValue("reasons"));

        HttpResponse<Buffer> scraper = TestServer.await(client.get("/health").bearerTokenAuthentication(TOKEN).send());
        assertEquals(503, scraper.statusCode());
        assertEquals(REASON, scraper.bodyAsJsonObject().getJsonObject("reasons").getString("postgres"));
    }

    @Test
    @DisplayName("readiness too says why only to the scrape token")
    void readinessReasonsOnlyForTheScraper() {
        HttpResponse<Buffer> anonymous = TestServer.await(client.get("/health/ready").send());
        assertEquals(503, anonymous.statusCode());
        assertEquals("DOWN", anonymous.bodyAsJsonObject().getString("status"));
        assertNull(anonymous.bodyAsJsonObject().getValue("reasons"), anonymous.bodyAsString());
        HttpResponse<Buffer> scraper = TestServer.await(client.get("/health/ready").bearerTokenAuthentication(TOKEN).send());
        assertEquals(REASON, scraper.bodyAsJsonObject().getJsonObject("reasons").getString("postgres"));
    }

    @Test
    @DisplayName("the metrics need the scrape token: none is 401, a wrong one 403")
    void metricsNeedTheToken() {
        assertEquals(401, TestServer.await(client.get("/metrics").send()).statusCode());
        assertEquals(403, TestServer.await(client.get("/metrics").bearerTokenAuthentication("guess").send()).statusCode());
        HttpResponse<Buffer> scraped = TestServer.await(client.get("/metrics").bearerTokenAuthentication(TOKEN).send());
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.getHeader("Content-Type").startsWith("text/plain"));
    }

    @Test
    @DisplayName("on the server, an admin's session opens the metrics and the health detail; an agent's and none do not")
    void adminsOnly() {
        assertEquals(401, Http.anonymous().get("/metrics").statusCode());
        assertEquals(403, Http.as("agent1").get("/metrics").statusCode());
        assertEquals(403, Http.as("supervisor").get("/metrics").statusCode());
        HttpResponse<Buffer> metrics = Http.as("admin").get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.bodyAsString().contains("jvm_memory_used_bytes"));
    }
}
