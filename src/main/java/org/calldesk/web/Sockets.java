package org.calldesk.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /ws}: the live channel to browsers. A socket needs a logged-in session and a same-origin
 * request; it then receives what is addressed to its user ({@code calldesk.user.<id>}) and, for
 * supervisors and admins, to their role. Producers never see sockets: they publish on the event bus,
 * which also carries messages between the nodes of a cluster. What a socket does not take as fast as it is
 * published waits in the socket's {@link Outbox}, up to {@code http.websocket.backlog_kb}; replies to the
 * browser's own requests go straight out, one per request.
 */
public final class Sockets implements WebVerticle.Routes {

    private static final Logger log = LoggerFactory.getLogger(Sockets.class);
    public static final String NOTIFY = "calldesk.notify";
    public static final String READ_AT = "calldesk-read-at";
    /** Board changes (complaints changed, queues changed), for supervisors' boards. */
    public static final String BOARD = "calldesk.board";

    /**
     * Watches one socket may hold: a supervisor follows a team, not the whole floor, and each watch is an event-bus
     * consumer that lives as long as the socket.
     */
    static final int MAX_WATCHES = 100;

    private final Vertx vertx;
    private final Timer popLatency;
    private final LongFunction<Future<Optional<Role>>> roles;
    private final SocketSettings settings;
    private final Outbox.Meters backlogs;
    /** The outbox of every open socket of this server (its verticles share this object). */
    private final Map<ServerWebSocket, Outbox> outboxes = new ConcurrentHashMap<>();
    /**
     * The session of every open socket, and the store that can say when it ends: a logout on another node or an
     * expiry closes the socket at the next check, every {@link #SESSION_CHECK_MS}, while any socket is open.
     */
    private final Map<ServerWebSocket, Opened> opened = new ConcurrentHashMap<>();
    static final long SESSION_CHECK_MS = 1000;
    // guarded by opened
    private long sessionCheck = -1;
    /** When the check last ran: a timer whose verticle was undeployed is gone, and is made again. */
    private volatile long lastCheck;
    private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();

    private record Opened(String sessionId, SharedSessionStore store, String username) {
    }

    /** @param roles the role of an active account by id, empty when there is none; who may be watched depends on it */
    public Sockets(Vertx vertx, MeterRegistry registry, LongFunction<Future<Optional<Role>>> roles, SocketSettings settings) {
        this.vertx = vertx;
        this.roles = roles;
        this.popLatency = org.calldesk.platform.BudgetTimers.register(registry, "calldesk.pop.latency",
                "AMI AgentCalled read off the socket to the pop frame written to the agent's WebSocket");
        this.settings = settings;
        this.backlogs = Outbox.Meters.register(registry);
    }

    /** Where a session's end is announced: its sockets close, so nothing more reaches a logged-out browser. */
    public static String sessionAddress(String sessionId) {
        return "calldesk.session." + sessionId;
    }

    /** Closes every WebSocket opened under this session (on logout). */
    public static void endSession(io.vertx.core.Vertx vertx, String sessionId) {
        endSession(vertx, sessionId, "logged out");
    }

    /** Closes every WebSocket opened under this session, with {@code reason} as the close frame's reason. */
    public static void endSession(io.vertx.core.Vertx vertx, String sessionId, String reason) {
        vertx.eventBus().publish(sessionAddress(sessionId), new JsonObject().put("reason", reason));
    }

    public static String userAddress(long agentId) {
        return "calldesk.user." + agentId;
    }

    public static String roleAddress(Role role) {
        return "calldesk.role." + role.label();
    }

    /** Sends to every open socket of one user, on every node; {@code readAt} is when the cause was read, for latency. */
    public static void toUser(Vertx vertx, long agentId, JsonObject message, Instant readAt) {
        DeliveryOptions options = new DeliveryOptions();
        if (readAt != null) {
            options.addHeader(READ_AT, readAt.toString());
        }
        vertx.eventBus().publish(userAddress(agentId), message, options);
    }

    /**
     * Routes notifications published on {@link #NOTIFY} as {@code {"to":{"agentIds":[..]}|{"roles":[..]},"message":{..}}}.
     * Registered once per node.
     */
    public static MessageConsumer<JsonObject> routeNotifications(Vertx vertx) {
        // Local: in a cluster every node routes only what its own parts published, or each socket would get it once per node.
        return vertx.eventBus().<JsonObject>localConsumer(NOTIFY, msg -> {
            JsonObject body = msg.body();
            JsonObject to = body.getJsonObject("to", new JsonObject());
            JsonObject message = body.getJsonObject("message", new JsonObject());
            to.getJsonArray("agentIds", new io.vertx.core.json.JsonArray())
                    .forEach(id -> vertx.eventBus().publish(userAddress(((Number) id).longValue()), message));
            // Admins listen on the supervisor address too: tell them once.
            java.util.Set<Role> roles = new java.util.HashSet<>();
            to.getJsonArray("roles", new io.vertx.core.json.JsonArray()).forEach(role -> roles.add(Role.of((String) role)));
            if (roles.contains(Role.SUPERVISOR)) {
                roles.remove(Role.ADMIN);
            }
            roles.forEach(r -> vertx.eventBus().publish(roleAddress(r), message));
        });
    }

    @Override
    public void mount(Router router, Pages pages) {
        router.get("/ws").handler(this::upgrade);
    }

    private void upgrade(RoutingContext ctx) {
        SessionUser user = Access.user(ctx);
        if (user == null) {
            ctx.fail(HttpError.unauthorized("log in first"));
            return;
        }
        if (!sameOrigin(ctx)) {
            ctx.fail(HttpError.forbidden("cross-origin WebSocket refused"));
            return;
        }
        String sessionId = ctx.session().id();
        SharedSessionStore store = Sessions.store(ctx);
        ctx.request().toWebSocket()
                .onSuccess(ws -> {
                    attach(ws, user, sessionId);
                    watchSession(ws, new Opened(sessionId, store, user.username()));
                })
                .onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.getMessage()));
    }

    /** Browsers always send Origin on WebSocket requests; it must name this server. */
    private static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = ctx.request().getHeader("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && (host.equalsIgnoreCase(originHost)
                    || host.equalsIgnoreCase(uri.getHost() + ":" + (uri.getScheme().equals("https") ? 443 : 80)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void attach(ServerWebSocket ws, SessionUser user, String sessionId) {
        long agentId = user.id();
        Role role = user.role();
        List<MessageConsumer<JsonObject>> subscriptions = new ArrayList<>();
        Map<Long, MessageConsumer<JsonObject>> watching = new HashMap<>();
        outboxes.put(ws, new Outbox(ws, settings.backlogBytes(), backlogs, user.username()));
        subscriptions.add(forward(ws, userAddress(agentId)));
        if (role.atLeast(Role.SUPERVISOR)) {
            subscriptions.add(forward(ws, roleAddress(Role.SUPERVISOR)));
            subscriptions.add(forward(ws, BOARD));
        }
        if (role == Role.ADMIN) {
            subscriptions.add(forward(ws, roleAddress(Role.ADMIN)));
        }
        subscriptions.add(vertx.eventBus().<JsonObject>consumer(sessionAddress(sessionId), msg -> {
            // Nothing more is written once the close is sent (a logout's own state changes would follow it, and a
            // browser fails a socket that gets a frame after the close).
            Outbox out = outboxes.remove(ws);
            if (out != null) {
                out.closed();
            }
            // "logged out", or "session ended" when it ran out (idle, lifetime) or ended on another node.
            ws.close((short) 1000, msg.body() == null ? "logged out" : msg.body().getString("reason", "logged out"));
        }));
        ws.textMessageHandler(text -> onMessage(ws, role, text, watching));
        ws.closeHandler(v -> {
            unwatchSession(ws);
            subscriptions.forEach(MessageConsumer::unregister);
            watching.values().forEach(MessageConsumer::unregister);
            Outbox out = outboxes.remove(ws);
            if (out != null) {
                out.closed();
            }
        });
        ws.exceptionHandler(e -> log.debug("WebSocket of {} failed: {}", user.username(), e.getMessage()));
        // A stopping server waits for its connections to close: this one is told to go away (1001) at once, and the
        // page reconnects, to this node once it is back or to another.
        ws.shutdownHandler(v -> ws.close((short) 1001, "server stopping"));
        ws.writeTextMessage(new JsonObject().put("type", "hello").put("user", Access.json(user)).encode());
    }

    private void watchSession(ServerWebSocket ws, Opened session) {
        if (ws.isClosed()) {
            return;
        }
        synchronized (opened) {
            opened.put(ws, session);
            long now = System.currentTimeMillis();
            if (sessionCheck >= 0 && now - lastCheck > 3 * SESSION_CHECK_MS) {
                vertx.cancelTimer(sessionCheck);
                sessionCheck = -1;
            }
            if (sessionCheck < 0) {
                lastCheck = now;
                sessionCheck = vertx.setPeriodic(SESSION_CHECK_MS, id -> checkSessions());
            }
        }
    }

    private void unwatchSession(ServerWebSocket ws) {
        synchronized (opened) {
            opened.remove(ws);
            if (opened.isEmpty() && sessionCheck >= 0) {
                vertx.cancelTimer(sessionCheck);
                sessionCheck = -1;
            }
        }
    }

    /**
     * Asks each store which of this node's sockets' sessions ended, and closes their sockets. A store that cannot tell
     * (Redis down) closes nothing: the sockets stay open until it can.
     */
    private void checkSessions() {
        lastCheck = System.currentTimeMillis();
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        Map<SharedSessionStore, Map<String, String>> byStore = new HashMap<>();
        opened.values().forEach(o -> byStore.computeIfAbsent(o.store(), s -> new HashMap<>()).put(o.sessionId(), o.username()));
        List<Future<Void>> checks = new ArrayList<>();
        byStore.forEach((store, users) -> checks.add(store.ended(new java.util.HashSet<>(users.keySet()))
                .onSuccess(ended -> ended.forEach(id -> {
                    log.info("session of {} ended; its WebSockets on this node close", users.get(id));
                    endSession(vertx, id, "session ended");
                }))
                .onFailure(e -> log.debug("sessions of open WebSockets not checked: {}", e.getMessage()))
                .<Void>mapEmpty()));
        Future.join(checks).onComplete(v -> checking.set(false));
    }

    /**
     * Board notices are kinds of "something changed, reload": a newer one of the same type supersedes one still
     * waiting. Everything else (a pop, a state change, an escalation) must arrive.
     */
    private MessageConsumer<JsonObject> forward(ServerWebSocket ws, String address) {
        boolean board = BOARD.equals(address);
        return vertx.eventBus().consumer(address, (Message<JsonObject> msg) -> {
            Outbox out = outboxes.get(ws);
            if (out == null) {
                return;
            }
            out.send(msg.body().encode(), board ? msg.body().getString("type", "") : null);
            String readAt = msg.headers().get(READ_AT);
            if (readAt != null) {
                popLatency.record(Duration.between(Instant.parse(readAt), Instant.now()));
            }
        });
    }

    /** What a browser may ask over the socket; each request is checked against the user's role. */
    private void onMessage(ServerWebSocket ws, Role role, String text, Map<Long, MessageConsumer<JsonObject>> watching) {
        JsonObject request;
        try {
            request = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            ws.writeTextMessage(error("messages must be JSON objects"));
            return;
        }
        // Fields are read by type test, not by getString/getLong: a browser may send anything, and a wrong type
        // must get an answer, not a ClassCastException in the log.
        Object type = request.getValue("type");
        switch (type instanceof String name ? name : "") {
            case "ping" -> ws.writeTextMessage(new JsonObject().put("type", "pong").encode());
            case "watch" -> watch(ws, role, agentId(request), watching);
            case "unwatch" -> {
                Long id = agentId(request);
                MessageConsumer<JsonObject> consumer = id == null ? null : watching.remove(id);
                if (consumer != null) {
                    consumer.unregister();
                }
            }
            default -> ws.writeTextMessage(error(type == null ? "messages need a type"
                    : "unknown message type '" + type + "'"));
        }
    }

    /**
     * A supervisor follows an agent's personal channel (pops, state changes). Only an agent's: an admin's or
     * another supervisor's channel carries what is meant for them alone.
     */
    private void watch(ServerWebSocket ws, Role role, Long watched, Map<Long, MessageConsumer<JsonObject>> watching) {
        if (!role.atLeast(Role.SUPERVISOR)) {
            ws.writeTextMessage(error("only supervisors may watch another agent"));
            return;
        }
        if (watched == null) {
            ws.writeTextMessage(error("watch needs agentId, the id of an agent as a whole number"));
            return;
        }
        if (watching.containsKey(watched)) {
            ws.writeTextMessage(watchingMessage(watched));
            return;
        }
        if (watching.size() >= MAX_WATCHES) {
            ws.writeTextMessage(tooMany());
            return;
        }
        roles.apply(watched).onComplete(found -> {
            if (ws.isClosed()) {
                return;
            }
            if (found.failed()) {
                ws.writeTextMessage(error("agent " + watched + " could not be looked up; try again"));
            } else if (found.result().filter(r -> r == Role.AGENT).isEmpty()) {
                ws.writeTextMessage(error("there is no agent " + watched + " to watch; only agents can be watched"));
            } else if (watching.containsKey(watched)) {
                ws.writeTextMessage(watchingMessage(watched));
            } else if (watching.size() >= MAX_WATCHES) {
                // another watch was granted while this one was looked up
                ws.writeTextMessage(tooMany());
            } else {
                watching.put(watched, forward(ws, userAddress(watched)));
                ws.writeTextMessage(watchingMessage(watched));
            }
        });
    }

    /** A positive whole number, or null for anything else a browser may have sent. */
    private static Long agentId(JsonObject request) {
        if (request.getValue("agentId") instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.longValue() > 0) {
            return n.longValue();
        }
        return null;
    }

    private static String watchingMessage(long agentId) {
        return new JsonObject().put("type", "watching").put("agentId", agentId).encode();
    }

    private static String tooMany() {
        return error("a socket may watch at most " + MAX_WATCHES + " agents; unwatch one first");
    }

    private static String error(String message) {
        return new JsonObject().put("type", "error").put("error", message).encode();
    }
}
