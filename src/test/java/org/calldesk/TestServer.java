package org.calldesk;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.agents.AgentStore;
import org.calldesk.platform.Role;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Config;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.app.Main;
import org.calldesk.testing.TestRedis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The one calldesk server that the integration tests share: real embedded PostgreSQL and Redis, started
 * once for the whole run and stopped when the JVM exits. PostgreSQL is the server's own embedded one; Redis
 * is the tests' ({@link TestRedis}), so that fault tests can stop and restart it without the server's help.
 */
public final class TestServer {

    /** Long and uncommon enough for the password rules; the same for every test user. */
    public static final String PASSWORD = "Tests-Use-This-Passphrase";
    /** telephony.agi.secret of the tests' servers, which {@code AgiClient} sends as the dialplan would. */
    public static final String AGI_SECRET = "test-agi-secret-0123456789";

    private static TestServer instance;

    public final Vertx vertx;
    public final Calldesk server;
    public final int port;
    public final TestRedis redis;

    private TestServer(Vertx vertx, Calldesk server, int port, TestRedis redis) {
        this.vertx = vertx;
        this.server = server;
        this.port = port;
        this.redis = redis;
    }

    public static synchronized TestServer get() {
        if (instance == null) {
            PrometheusMeterRegistry registry = Main.registry();
            Vertx vertx = Main.vertx(registry);
            int port = EmbeddedServices.freePort();
            TestRedis redis = TestRedis.start();
            JsonObject config = config(port, Path.of("target", "test-data", "shared-" + UUID.randomUUID()));
            config.getJsonObject("redis").put("url", redis.url());
            Calldesk server;
            try {
                server = await(Calldesk.start(vertx, config, registry));
            } catch (RuntimeException e) {
                // Said here in full: a class initialiser that fails shows up in the report only as its class name.
                System.err.println("the shared test server did not start: " + e);
                e.printStackTrace();
                vertx.close();
                redis.stop();
                throw e;
            }
            instance = new TestServer(vertx, server, port, redis);
            instance.createUsers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the JVM is going away; embedded servers also stop with it
                } finally {
                    redis.stop();
                }
            }));
        }
        return instance;
    }

    /** The configuration tests run with: the shipped defaults, no demo data, cheap password hashing. */
    public static JsonObject config(int httpPort, Path dataDir) {
        JsonObject config = Config.load(null, Map.of());
        return Config.merge(config, new JsonObject()
                .put("http", new JsonObject().put("port", httpPort).put("instances", 2))
                .put("data", new JsonObject().put("dir", dataDir.toString()))
                .put("database", new JsonObject().put("embedded_durable", false))
                .put("security", new JsonObject().put("pbkdf2_iterations", 1000).put("login_max_failures", 5)
                        // long enough that "refused right after a burst" cannot pass for the wrong reason on a slow machine
                        .put("login_delay_seconds", 60))
                .put("demo", new JsonObject().put("enabled", false))
                // Tests check routing decisions; a generous budget keeps a loaded CI machine from turning them into
                // fail-open default routes (the fail-open path has its own test, with PostgreSQL stopped).
                .put("routing", new JsonObject().put("vip_queue", "").put("budget_ms", 2000)
                        .put("ageing", new JsonObject().put("every_s", 2).put("step", 10).put("max", 30)))
                .put("telephony", new JsonObject()
                        .put("agi", new JsonObject().put("port", EmbeddedServices.freePort()).put("secret", AGI_SECRET))
                        // A phone left ringing by a click-to-call test gives up in 1.5 s, not the shipped 30 s.
                        .put("originate", new JsonObject().put("ring_timeout_ms", 1500))
                        .put("sim", new JsonObject().put("ami_port", EmbeddedServices.freePort())
                                .put("answer_after_ms", 200).put("talk_ms_fixed", 1200).put("patience_s_mean", 0)
                                .put("agent_dial_ms", 2000))));
    }

    private void createUsers() {
        AgentStore agents = server.agents();
        await(agents.create(new AgentStore.NewAgent("admin", "Ada Admin", Role.ADMIN, null, List.of(), List.of(), null), PASSWORD)
                .compose(a -> agents.create(new AgentStore.NewAgent("supervisor", "Sue Supervisor", Role.SUPERVISOR, null,
                        List.of(), List.of(), "A"), PASSWORD))
                .compose(a -> agents.create(new AgentStore.NewAgent("agent1", "Agent One", Role.AGENT, "PJSIP/1001",
                        List.of("service", "complaints"), List.of(), "A"), PASSWORD))
                .compose(a -> agents.create(new AgentStore.NewAgent("agent2", "Agent Two", Role.AGENT, "PJSIP/1002",
                        List.of("service", "complaints"), List.of(), "A"), PASSWORD))
                .compose(a -> agents.create(new AgentStore.NewAgent("manager1", "Mia Manager", Role.AGENT, "PJSIP/1009",
                        List.of("vip"), List.of(), "K"), PASSWORD))
                .compose(a -> server.agentLines().refresh()));
    }

    /**
     * Forgets every user's chosen interface language. Browser tests that switch a shared user's language call this
     * when they end, so that the tests after them read the English every other test expects.
     */
    public void forgetLanguages() {
        await(server.pg().query("UPDATE agents SET language = '' WHERE language <> ''").execute());
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
