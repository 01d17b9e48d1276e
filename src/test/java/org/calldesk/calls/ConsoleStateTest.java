package org.calldesk.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.calldesk.agents.AgentSettings;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.TelephonyConfig;
import org.calldesk.testing.Await;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FakeAmi;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.DatabasePerClass;
import org.calldesk.web.Access;
import org.calldesk.web.WebVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer to a state change says what the PBX has in all the agent's queues. Asterisk acknowledges each
 * QueueAdd, QueuePause and QueueRemove before it posts the member event, and the events of three queues can come
 * apart; here the fake PBX acknowledges at once and the member events follow, the first at once, the rest later.
 */
@ExtendWith(VertxExtension.class)
@ServerTest
class ConsoleStateTest {

    static {
        QuietLogs.apply();
    }

    private static final String IFACE = "Local/1007@agents";
    private static final List<String> QUEUES = List.of("service", "complaints", "vip");
    private static final String CSRF = "console-state-test";
    /** How far behind the first member event the others come: far longer than the console's 20 ms re-check. */
    private static final long LAG_MS = 300;

    @RegisterExtension
    static final DatabasePerClass db = new DatabasePerClass();
    private FakeAmi ami;
    private AgentPresence presence;
    private WebClient client;
    private WrapUp wrapUp;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) throws IOException {
        ami = new FakeAmi("s3cret");
        AmiBridge bridge = new AmiBridge(TelephonyConfig.from(Captures.config(ami.port(), "s3cret")));
        LiveCalls live = new LiveCalls();
        bridge.onEvent(live::accept);
        presence = new AgentPresence(bridge, live);
        Pool pool = db.pool(vertx);
        AgentDirectory agents = new AgentDirectory(pool);
        int port = EmbeddedServices.freePort();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        wrapUp = new WrapUp(vertx, agents, presence, java.util.Map.of());
        ConsoleRoutes console = new ConsoleRoutes(vertx, agents, presence, bridge,
            new AgentSettings(List.of("lunch", "break")), new CallSettings(List.of("resolved"), null), List.of(),
            wrapUp);
        pool.query("TRUNCATE agents RESTART IDENTITY CASCADE").execute()
            .compose(v -> pool.preparedQuery("""
                INSERT INTO agents (username, display_name, role, password_hash, interface, queues)
                VALUES ('agent7', 'Agent Seven', 'agent', 'x', $1, $2) RETURNING id""")
                .execute(Tuple.tuple().addString(IFACE).addArrayOfString(QUEUES.toArray(String[]::new))))
            .compose(rows -> {
                SessionUser agent7 = new SessionUser(rows.iterator().next().getLong(0), "agent7", "Agent Seven",
                    Role.AGENT, IFACE);
                return agents.refresh().compose(v -> vertx.deployVerticle(new WebVerticle(
                    new HttpSettings(port, "127.0.0.1", 1, Duration.ofHours(1), Duration.ofHours(12), false, ""),
                    List.of(signedIn(agent7), console))));
            })
            .compose(id -> vertx.deployVerticle(bridge))
            .compose(id -> Await.until(vertx, "AMI up", 5000, bridge::isUp))
            .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close() throws IOException {
        ami.close();
    }

    /** Stands in for the login page: every API request comes from agent7's session. */
    private static WebVerticle.Routes signedIn(SessionUser user) {
        return (router, pages) -> router.route("/api/*").handler(ctx -> {
            ctx.session().put(Access.USER, user);
            ctx.session().put(Access.CSRF, CSRF);
            ctx.next();
        });
    }

    @Test
    @DisplayName("going available answers once the agent is a member of all three queues, not after the first")
    void availableInAllQueues(Vertx vertx, VertxTestContext ctx) {
        change(vertx, new JsonObject().put("state", "available"), "QueueAdd",
            queue -> added(queue, false, ""))
            .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                assertEquals(200, answer.statusCode(), answer.bodyAsString());
                JsonObject state = answer.bodyAsJsonObject();
                assertEquals(Set.copyOf(QUEUES), Set.copyOf(state.getJsonArray("queues").getList()), state.encode());
                assertEquals("available", state.getString("state"));
                assertFalse(state.getBoolean("paused"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("pausing for a break while on lunch answers once every queue says break, not at once")
    void pauseReasonInAllQueues(Vertx vertx, VertxTestContext ctx) {
        QUEUES.forEach(queue -> emit(added(queue, true, "lunch")));
        ami.failWith("QueueAdd", "Unable to add interface: Already there");
        Await.until(vertx, "agent7 on lunch in three queues", 5000, () -> presence.state(IFACE).queues().size() == 3)
            .compose(v -> change(vertx, new JsonObject().put("state", "paused").put("reason", "break"), "QueuePause",
                queue -> pause(queue, "break")))
            .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                assertEquals(200, answer.statusCode(), answer.bodyAsString());
                JsonObject state = answer.bodyAsJsonObject();
                assertEquals("paused", state.getString("state"));
                assertEquals("break", state.getString("reason"));
                assertEquals(Set.copyOf(QUEUES), Set.copyOf(state.getJsonArray("queues").getList()));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("going offline answers once the agent has left all three queues")
    void offlineInNoQueue(Vertx vertx, VertxTestContext ctx) {
        QUEUES.forEach(queue -> emit(added(queue, false, "")));
        Await.until(vertx, "agent7 in three queues", 5000, () -> presence.state(IFACE).queues().size() == 3)
            .compose(v -> change(vertx, new JsonObject().put("state", "offline"), "QueueRemove",
                ConsoleStateTest::removed))
            .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
                assertEquals(200, answer.statusCode(), answer.bodyAsString());
                JsonObject state = answer.bodyAsJsonObject();
                assertFalse(state.getBoolean("loggedIn"), state.encode());
                assertEquals(new JsonArray(), state.getJsonArray("queues"));
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("on a cluster node that does not time wrap-ups: the countdown from its replica; extend and end with the holder out of reach are a 503 saying so, its conflict a 409")
    void wrapUpOnAnotherNode(Vertx vertx, VertxTestContext ctx) {
        java.util.concurrent.atomic.AtomicBoolean holderThere = new java.util.concurrent.atomic.AtomicBoolean(false);
        wrapUp.actOnlyWhen(() -> false);
        wrapUp.askWhenNotActing(new WrapUp.Acting() {
            private <T> Future<T> refused() {
                return Future.failedFuture(holderThere.get() ? new org.calldesk.platform.Conflict("you are not in wrap-up")
                    : new WrapUp.NotReached("wrap-up not changed: no cluster node holds the AMI link just now", null));
            }

            @Override
            public Future<WrapUp.Period> extend(String iface, int seconds) {
                return refused();
            }

            @Override
            public Future<Void> end(String iface) {
                return refused();
            }

            @Override
            public Future<Void> forget(String iface) {
                return refused();
            }
        });
        java.time.Instant until = java.time.Instant.now().plusSeconds(40);
        wrapUp.apply(new WrapUp.Change(IFACE, new WrapUp.Period(java.time.Instant.now(), until, "1.1"), 7));
        QUEUES.forEach(queue -> emit(added(queue, true, "wrap-up")));
        Await.until(vertx, "agent7 in wrap-up in three queues", 5000, () -> presence.state(IFACE).wrappingUp()
                && presence.state(IFACE).queues().size() == 3)
            .compose(v -> client.get("/api/agents/me/state").send())
            .compose(state -> {
                ctx.verify(() -> {
                    assertEquals(until.toString(), state.bodyAsJsonObject().getString("wrapUpUntil"), state.bodyAsString());
                    assertTrue(state.bodyAsJsonObject().getLong("wrapUpLeftMs") > 30_000, state.bodyAsString());
                });
                return client.post("/api/agents/me/wrap-up/extend").putHeader(Access.CSRF_HEADER, CSRF)
                    .sendJsonObject(new JsonObject().put("seconds", 30));
            })
            .compose(extend -> {
                ctx.verify(() -> {
                    assertEquals(503, extend.statusCode(), extend.bodyAsString());
                    assertTrue(extend.bodyAsString().contains("no cluster node holds the AMI link"), extend.bodyAsString());
                });
                return client.post("/api/agents/me/wrap-up/end").putHeader(Access.CSRF_HEADER, CSRF)
                    .sendJsonObject(new JsonObject());
            })
            .compose(end -> {
                ctx.verify(() -> assertEquals(503, end.statusCode(), end.bodyAsString()));
                holderThere.set(true);
                return client.post("/api/agents/me/wrap-up/extend").putHeader(Access.CSRF_HEADER, CSRF)
                    .sendJsonObject(new JsonObject().put("seconds", 30));
            })
            .onComplete(ctx.succeeding(conflict -> ctx.verify(() -> {
                assertEquals(409, conflict.statusCode(), conflict.bodyAsString());
                ctx.completeNow();
            })));
    }

    @Test
    @DisplayName("a wrap-up whose unpause the phone system refuses at its end is asked again until it is taken: nobody stays paused")
    void refusedUnpauseIsAskedAgain(Vertx vertx, VertxTestContext ctx) {
        // As a node that takes the AMI link over finds it: a wrap-up in its replica, ending now, the agent paused for it.
        java.time.Instant until = java.time.Instant.now().plusMillis(300);
        wrapUp.apply(new WrapUp.Change(IFACE, new WrapUp.Period(java.time.Instant.now().minusSeconds(20), until, "1.2"), 3));
        ami.failWith("QueueAdd", "Unable to add interface: Out of memory");
        QUEUES.forEach(queue -> emit(added(queue, true, "wrap-up")));
        Await.until(vertx, "the unpause asked and refused", 5000, () -> ami.count("QueueAdd") >= QUEUES.size())
            .compose(v -> {
                ctx.verify(() -> assertTrue(wrapUp.of(IFACE).isPresent(), "still in wrap-up while the unpause is refused"));
                ami.answerOk("QueueAdd");
                return Await.until(vertx, "the unpause asked again, and taken", 10_000,
                    () -> ami.count("QueueAdd") >= 2L * QUEUES.size() && wrapUp.of(IFACE).isEmpty());
            })
            .onComplete(ctx.succeedingThenComplete());
    }

    /**
     * Posts the change; once the PBX has the three actions it posts the first queue's member event, and the other
     * two {@link #LAG_MS} later. Completes with the HTTP answer.
     */
    private Future<HttpResponse<Buffer>> change(Vertx vertx, JsonObject body, String action,
                                                Function<String, String> memberEvent) {
        Future<HttpResponse<Buffer>> answer = client.post("/api/agents/me/state").putHeader(Access.CSRF_HEADER, CSRF)
            .sendJsonObject(body);
        Await.until(vertx, "three " + action, 5000, () -> ami.received(action).size() == QUEUES.size())
            .onSuccess(v -> {
                emit(memberEvent.apply(QUEUES.get(0)));
                vertx.setTimer(LAG_MS, id -> QUEUES.subList(1, QUEUES.size()).forEach(q -> emit(memberEvent.apply(q))));
            });
        return answer;
    }

    private static String added(String queue, boolean paused, String reason) {
        return "Event: QueueMemberAdded\r\nPrivilege: agent,all\r\nQueue: " + queue + "\r\nMemberName: Agent Seven\r\n"
            + "Interface: " + IFACE + "\r\nStateInterface: " + IFACE + "\r\nMembership: dynamic\r\nPenalty: 0\r\n"
            + "CallsTaken: 0\r\nLastCall: 0\r\nLastPause: 0\r\nLoginTime: 1796132833\r\nInCall: 0\r\nStatus: 1\r\n"
            + "Paused: " + (paused ? 1 : 0) + "\r\nPausedReason: " + reason + "\r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n";
    }

    private static String pause(String queue, String reason) {
        return "Event: QueueMemberPause\r\nPrivilege: agent,all\r\nQueue: " + queue + "\r\nMemberName: Agent Seven\r\n"
            + "Interface: " + IFACE + "\r\nStateInterface: " + IFACE + "\r\nMembership: dynamic\r\nPenalty: 0\r\n"
            + "CallsTaken: 0\r\nLastCall: 0\r\nLastPause: 1796132900\r\nLoginTime: 1796132833\r\nInCall: 0\r\n"
            + "Status: 1\r\nPaused: 1\r\nPausedReason: " + reason + "\r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n";
    }

    private static String removed(String queue) {
        return "Event: QueueMemberRemoved\r\nPrivilege: agent,all\r\nQueue: " + queue + "\r\nMemberName: Agent Seven\r\n"
            + "Interface: " + IFACE + "\r\nStateInterface: " + IFACE + "\r\nMembership: dynamic\r\nPenalty: 0\r\n"
            + "CallsTaken: 0\r\nLastCall: 0\r\nLastPause: 0\r\nLoginTime: 1796132833\r\nInCall: 0\r\nStatus: 1\r\n"
            + "Paused: 0\r\nPausedReason: \r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n";
    }

    private void emit(String event) {
        try {
            ami.emit(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
