package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.testing.Await;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 201 means committed: a server killed with SIGKILL right after answering still has the complaint. */
@ServerTest
class ComplaintDurabilityTest {

    private static final Path DATA = Path.of("target", "test-data", "kill9-" + UUID.randomUUID()).toAbsolutePath();

    /** A real calldesk server as a child process, so it can die the way production servers do. */
    private static Process server(int port, String name) throws IOException {
        Files.createDirectories(DATA);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "org.calldesk.app.Main");
        builder.environment().put("CALLDESK_HTTP_PORT", Integer.toString(port));
        // The switch's ports too: the shipped 5038 and 4573 may be taken by anything else on the machine.
        builder.environment().put("CALLDESK_TELEPHONY_SIM_AMI_PORT", Integer.toString(EmbeddedServices.freePort()));
        builder.environment().put("CALLDESK_TELEPHONY_AGI_PORT", Integer.toString(EmbeddedServices.freePort()));
        builder.environment().put("CALLDESK_DATA_DIR", DATA.toString());
        builder.environment().put("CALLDESK_DEMO_ENABLED", "true");
        builder.environment().put("CALLDESK_DEMO_CUSTOMERS", "50");
        builder.environment().put("CALLDESK_SECURITY_PBKDF2_ITERATIONS", "1000");
        builder.redirectErrorStream(true).redirectOutput(DATA.resolve(name + ".log").toFile());
        return builder.start();
    }

    private static final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(2)).build();
        final int port;
        String csrf;

        Client(int port) {
            this.port = port;
        }

        HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        void awaitUp(Process process) {
            Await.until("the server to come up (see " + DATA + ")", Duration.ofSeconds(120), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited with " + process.exitValue() + "; see " + DATA);
                }
                try {
                    return send("GET", "/health", null).statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // still starting
                }
            });
        }

        void login() throws Exception {
            HttpResponse<String> login = send("POST", "/api/login", new JsonObject().put("username", "admin").put("password", "demo"));
            assertEquals(200, login.statusCode(), login.body());
            csrf = new JsonObject(login.body()).getString("csrfToken");
        }
    }

    @Test
    @DisplayName("a complaint answered 201 survives a kill -9 of the server right after the answer")
    void survivesKill9() throws Exception {
        int firstPort = EmbeddedServices.freePort();
        Process first = server(firstPort, "first");
        long id;
        String subject = "Survives kill -9 " + UUID.randomUUID();
        try {
            Client client = new Client(firstPort);
            client.awaitUp(first);
            client.login();
            HttpResponse<String> created = client.send("POST", "/api/complaints", new JsonObject().put("customerId", 1)
                    .put("category", "delivery").put("severity", "high").put("subject", subject).put("description", "Parcel lost."));
            if (created.statusCode() == 201) {
                first.destroyForcibly();
            }
            assertEquals(201, created.statusCode(), created.body());
            id = new JsonObject(created.body()).getLong("id");
            first.waitFor(30, TimeUnit.SECONDS);
        } finally {
            first.destroyForcibly();
        }

        int secondPort = EmbeddedServices.freePort();
        Process second = server(secondPort, "second");
        try {
            Client client = new Client(secondPort);
            client.awaitUp(second);
            client.login();
            HttpResponse<String> read = client.send("GET", "/api/complaints/" + id, null);
            assertEquals(200, read.statusCode(), read.body());
            JsonObject complaint = new JsonObject(read.body());
            assertEquals(subject, complaint.getString("subject"));
            assertEquals("created", complaint.getJsonArray("events").getJsonObject(0).getString("kind"));
        } finally {
            second.destroy(); // SIGTERM: its shutdown hook stops the embedded servers it started
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }
}
