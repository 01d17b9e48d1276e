package org.calldesk.web;

import io.vertx.core.json.JsonObject;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.testing.ChildServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 ("Reload and restart") and issue 11: a browser stays logged in across a restart of calldesk in the default
 * embedded setup, because the embedded Redis keeps its data (sessions included) in {@code data/redis}.
 */
@ServerTest
class SessionRestartTest {

    @Test
    @DisplayName("a session made before a restart of calldesk (SIGTERM, embedded Redis) is still logged in after it, CSRF token and all")
    void sessionSurvivesRestart() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "test-data", "session-restart-" + System.nanoTime()));
        int port = EmbeddedServices.freePort();
        Map<String, String> env = Map.of("CALLDESK_HTTP_PORT", Integer.toString(port));
        Browser browser = new Browser(port);
        try (ChildServer first = ChildServer.start(data, "first", env)) {
            first.awaitUp();
            HttpResponse<String> login = browser.send("POST", "/api/login",
                    new JsonObject().put("username", "agent1").put("password", "demo"));
            assertEquals(200, login.statusCode(), login.body());
            browser.csrf = new JsonObject(login.body()).getString("csrfToken");
            assertEquals(200, browser.send("GET", "/api/me", null).statusCode());
            first.terminate(Duration.ofSeconds(60));
            assertTrue(first.log().contains("calldesk stopped"), "a clean stop");
        }
        assertTrue(Files.isRegularFile(data.resolve("redis").resolve("appendonly.aof")),
                "the embedded Redis keeps its data in data/redis");

        try (ChildServer second = ChildServer.start(data, "second", env)) {
            second.awaitUp();
            HttpResponse<String> me = browser.send("GET", "/api/me", null);
            assertEquals(200, me.statusCode(), "still logged in after the restart: " + me.body());
            assertEquals("agent1", new JsonObject(me.body()).getString("username"));
            assertEquals(browser.csrf, new JsonObject(me.body()).getString("csrfToken"));
            HttpResponse<String> logout = browser.send("POST", "/api/logout", new JsonObject());
            assertEquals(200, logout.statusCode(), "the token from before the restart still works: " + logout.body());
            assertEquals(401, browser.send("GET", "/api/me", null).statusCode());
        }
    }

    /** One browser across both runs: its cookie jar outlives the server (ChildServer's client is one per run). */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final int port;
        String csrf;

        Browser(int port) {
            this.port = port;
        }

        HttpResponse<String> send(String method, String path, JsonObject body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
