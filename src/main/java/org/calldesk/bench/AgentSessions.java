package org.calldesk.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.app.Calldesk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Agents as browsers see the server: each logs in over HTTP, keeps a WebSocket open and changes its state
 * through the API with its CSRF token. Agent i is {@code bench<i>} on interface {@code PJSIP/<2000+i>}.
 */
final class AgentSessions implements AutoCloseable {

    static final String PASSWORD = "bench-password";
    private static final int PARALLEL = 20;

    /** A logged-in agent and its open socket. */
    record Session(String username, long agentId, String iface, String cookie, String csrf, WebSocket socket) {
    }

    private final HttpClientAgent http;
    private final WebSocketClient sockets;
    private final int port;
    private final List<Session> sessions = new ArrayList<>();

    AgentSessions(Benchmark.Context ctx, int count) {
        this(ctx.clients(), ctx.httpPort(), count);
    }

    /** Agents of the server at 127.0.0.1:{@code port}; {@code count} sockets at most. */
    AgentSessions(io.vertx.core.Vertx clients, int port, int count) {
        this.port = port;
        this.http = clients.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(PARALLEL));
        this.sockets = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 10));
    }

    static String iface(int i) {
        return "PJSIP/" + (2000 + i);
    }

    /** Creates agents 1..count in the database and reloads the telephony directory. */
    static void create(Calldesk server, int count) {
        create(server.agents(), count);
        Await.result(server.agentLines().refresh(), Duration.ofSeconds(30), "agent directory refresh");
    }

    /** Creates agents 1..count in the store's database. */
    static void create(AgentStore agents, int count) {
        for (int i = 1; i <= count; i++) {
            Await.result(agents.create(new AgentStore.NewAgent("bench" + i, "Bench Agent " + i, Role.AGENT, iface(i),
                    List.of("service", "complaints"), List.of(), "B"), PASSWORD), Duration.ofSeconds(30), "create agent bench" + i);
        }
    }

    /** Logs agents 1..count in and opens their sockets; {@code onMessage} gets (agent id, message) on the client loop. */
    void open(int count, BiConsumer<Long, JsonObject> onMessage) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            numbers.add(i);
        }
        open(numbers, onMessage);
    }

    /** Logs the agents of these numbers in and opens their sockets. */
    void open(List<Integer> numbers, BiConsumer<Long, JsonObject> onMessage) {
        sessions.addAll(inBatches(numbers, i -> login("bench" + i, iface(i))
                .compose(s -> connect(s, onMessage)), "log in and open WebSocket"));
    }

    /**
     * Sets every agent's state (available, paused, offline) through POST /api/agents/me/state; each change is
     * one QueueAdd/QueueRemove per queue on the AMI link. Returns the slowest request; throws, saying how many
     * failed and why, if any did.
     */
    Duration state(String state) {
        long[] slowest = {0};
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        inBatches(sessions, s -> {
            long started = System.nanoTime();
            return post(s, "/api/agents/me/state", new JsonObject().put("state", state))
                    .onComplete(r -> {
                        synchronized (slowest) {
                            slowest[0] = Math.max(slowest[0], System.nanoTime() - started);
                        }
                    })
                    .recover(e -> {
                        failures.add(e.getMessage());
                        return Future.succeededFuture();
                    });
        }, "set state " + state);
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + sessions.size() + " state changes to " + state
                    + " failed (slowest " + slowest[0] / 1_000_000 + " ms), first: " + failures.get(0));
        }
        return Duration.ofNanos(slowest[0]);
    }

    List<Session> sessions() {
        return sessions;
    }

    private Future<Session> login(String username, String iface) {
        JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD);
        return http.request(HttpMethod.POST, "/api/login")
                .compose(req -> req.putHeader("Content-Type", "application/json").send(body.encode()))
                .compose(resp -> resp.body().map(text -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("login of " + username + ": HTTP " + resp.statusCode() + " " + text);
                    }
                    String cookie = resp.cookies().stream().filter(c -> c.startsWith("calldesk.session="))
                            .map(c -> c.split(";", 2)[0]).findFirst()
                            .orElseThrow(() -> new IllegalStateException("login of " + username + ": no session cookie"));
                    JsonObject me = new JsonObject(text);
                    return new Session(username, me.getLong("id"), iface, cookie, me.getString("csrfToken"), null);
                }));
    }

    private Future<Session> connect(Session s, BiConsumer<Long, JsonObject> onMessage) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
                .addHeader("Cookie", s.cookie());
        return sockets.connect(options).map(ws -> {
            ws.textMessageHandler(text -> onMessage.accept(s.agentId(), new JsonObject(text)));
            return new Session(s.username(), s.agentId(), s.iface(), s.cookie(), s.csrf(), ws);
        });
    }

    private Future<Void> post(Session s, String path, JsonObject body) {
        return http.request(HttpMethod.POST, path)
                .compose(req -> req.putHeader("Content-Type", "application/json").putHeader("Cookie", s.cookie())
                        .putHeader("X-CSRF-Token", s.csrf()).send(body.encode()))
                .compose(resp -> resp.body().map(text -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException(path + " for " + s.username() + ": HTTP " + resp.statusCode() + " " + text);
                    }
                    return (Void) null;
                }));
    }

    private static <T, R> List<R> inBatches(List<T> items, Function<T, Future<R>> work, String what) {
        List<R> results = new ArrayList<>();
        for (int from = 0; from < items.size(); from += PARALLEL) {
            List<Future<R>> batch = new ArrayList<>();
            for (T item : items.subList(from, Math.min(items.size(), from + PARALLEL))) {
                batch.add(work.apply(item));
            }
            // Generous: a state change waits on AMI actions, each allowed action_timeout_ms by the bridge.
            Await.result(Future.all(batch), Duration.ofSeconds(180), what);
            batch.forEach(f -> results.add(f.result()));
        }
        return results;
    }

    /** Closes sockets and clients without a word to the server: for agents of a node that was killed. */
    void abandon() {
        sessions.stream().filter(s -> s.socket() != null).forEach(s -> s.socket().close());
        http.close();
        sockets.close();
    }

    /** Takes every agent out of the queues, then closes sockets and clients; throws the first failure at the end. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            state("offline");
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Session s : sessions) {
            if (s.socket() != null) {
                s.socket().close();
            }
        }
        Await.result(http.close(), Duration.ofSeconds(10), "HTTP client close");
        Await.result(sockets.close(), Duration.ofSeconds(10), "WebSocket client close");
        if (failure != null) {
            throw failure;
        }
    }
}
