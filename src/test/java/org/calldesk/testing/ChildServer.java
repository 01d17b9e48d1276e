package org.calldesk.testing;

import io.vertx.core.json.JsonObject;
import org.calldesk.app.EmbeddedServices;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real calldesk server as a child process, with the embedded PostgreSQL and Redis of its own data directory, so
 * that a test can stop it the ways production servers stop: SIGTERM, or kill -9. Its output goes to
 * {@code name.log} in the data directory; its JVM's temporary directory is {@code tmp/} there, so a test sees
 * whatever it leaves behind.
 */
public final class ChildServer implements AutoCloseable {

    public final Path data;
    private final String name;
    private final Map<String, String> env;
    private final Path log;
    private int port;
    private Process process;

    private ChildServer(Path data, String name, Map<String, String> env) {
        this.data = data;
        this.name = name;
        this.env = env;
        this.log = data.resolve(name + ".log");
    }

    /** Starts one on {@code data} (created if missing) with demo data; {@code env} adds or overrides settings. */
    public static ChildServer start(Path data, String name, Map<String, String> env) throws IOException {
        ChildServer server = new ChildServer(data, name, env);
        server.launch();
        return server;
    }

    private void launch() throws IOException {
        Files.createDirectories(data.resolve("tmp"));
        // A port named in env is kept, so that a browser's cookies stay valid across a restart on the same data.
        String fixedPort = env.get("CALLDESK_HTTP_PORT");
        port = fixedPort != null ? Integer.parseInt(fixedPort) : EmbeddedServices.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-Djava.io.tmpdir=" + data.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), "org.calldesk.app.Main");
        builder.environment().put("CALLDESK_HTTP_PORT", Integer.toString(port));
        // The switch's ports too: the shipped 5038 and 4573 may be taken by anything else on the machine.
        builder.environment().put("CALLDESK_TELEPHONY_SIM_AMI_PORT", Integer.toString(EmbeddedServices.freePort()));
        builder.environment().put("CALLDESK_TELEPHONY_AGI_PORT", Integer.toString(EmbeddedServices.freePort()));
        builder.environment().put("CALLDESK_DATA_DIR", data.toString());
        builder.environment().put("CALLDESK_DEMO_ENABLED", "true");
        builder.environment().put("CALLDESK_DEMO_CUSTOMERS", "50");
        builder.environment().put("CALLDESK_DEMO_CALLS_PER_MINUTE", "0");
        builder.environment().put("CALLDESK_SECURITY_PBKDF2_ITERATIONS", "1000");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * Waits until it answers {@code /health} with 200. A port picked free can be taken by another process before the
     * server binds it (tests run in parallel on this machine): then it is started again on other ports, twice at most.
     */
    public void awaitUp() throws IOException {
        await(true);
    }

    /**
     * Waits until it answers {@code /health} at all, 200 or 503: started (its schema migrated and seeded), ready or
     * not; a cluster node below its quorum is not ready until another joins.
     */
    public void awaitStarted() throws IOException {
        await(false);
    }

    private void await(boolean ready) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Client probe = client();
            Process starting = process;
            Await.until("the server to come up (see " + log + ")", Duration.ofSeconds(120), () -> {
                if (!starting.isAlive()) {
                    return true;
                }
                try {
                    int status = probe.send("GET", "/health", null, Map.of()).statusCode();
                    return status == 200 || !ready && status == 503;
                } catch (IOException notYet) {
                    return false; // still starting
                }
            });
            if (starting.isAlive()) {
                return;
            }
            if (attempt == 3 || !log().contains("Address already in use")) {
                throw new AssertionError("the server exited with " + starting.exitValue() + "; see " + log);
            }
            launch();
        }
    }

    public Client client() {
        return new Client(port);
    }

    public int port() {
        return port;
    }

    /** The live process a pid file of the data directory names (PostgreSQL's postmaster.pid, redis.pid). */
    public Optional<ProcessHandle> pidFile(String path) throws IOException {
        Path file = data.resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
        return first.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
    }

    /** SIGTERM, and waits for the process to end; kills it if it does not end in time. */
    public int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within " + within + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A signed-in API client of its own: cookies, CSRF token. */
    public static final class Client {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final int port;
        private String csrf;

        Client(int port) {
            this.port = port;
        }

        public HttpResponse<String> send(String method, String path, JsonObject body, Map<String, String> headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            headers.forEach(request::header);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        public JsonObject get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = send("GET", path, null, Map.of());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return new JsonObject(response.body());
        }

        /** A WebSocket to {@code /ws} with this client's session; its text frames go to {@code inbox} as JSON. */
        public java.net.http.WebSocket socket(Inbox<JsonObject> inbox) {
            return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                    new java.net.http.WebSocket.Listener() {
                        private final StringBuilder frame = new StringBuilder();

                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                            frame.append(data);
                            if (last) {
                                inbox.add(new JsonObject(frame.toString()));
                                frame.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();
        }

        public Client login(String username) throws IOException, InterruptedException {
            HttpResponse<String> login = send("POST", "/api/login",
                    new JsonObject().put("username", username).put("password", "demo"), Map.of());
            if (login.statusCode() != 200) {
                throw new AssertionError("login as " + username + ": " + login.statusCode() + " " + login.body());
            }
            csrf = new JsonObject(login.body()).getString("csrfToken");
            return this;
        }
    }
}
