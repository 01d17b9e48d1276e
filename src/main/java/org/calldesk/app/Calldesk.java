package org.calldesk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.AuthRoutes;
import org.calldesk.agents.LoginThrottle;
import org.calldesk.agents.Passwords;
import org.calldesk.board.BoardQueue;
import org.calldesk.board.BoardRoutes;
import org.calldesk.board.QueueBoard;
import org.calldesk.complaints.ComplaintBoard;
import org.calldesk.complaints.ComplaintRoutes;
import org.calldesk.complaints.ComplaintSettings;
import org.calldesk.complaints.ComplaintStore;
import org.calldesk.complaints.ComplaintSweeper;
import org.calldesk.complaints.SlaPolicies;
import org.calldesk.customers.CustomerRoutes;
import org.calldesk.customers.CustomerStore;
import org.calldesk.customers.PhoneNumbers;
import org.calldesk.customers.Tiers;
import org.calldesk.web.HomeRoutes;
import org.calldesk.web.WebVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One calldesk server: start-up as a single chain that fails fast and says what failed
 * (configuration → embedded services → migrations → services → verticles), and an orderly stop.
 */
public final class Calldesk {

    private static final Logger log = LoggerFactory.getLogger(Calldesk.class);

    private final Vertx vertx;
    private final JsonObject config;
    private final EmbeddedServices embedded = new EmbeddedServices();
    private final List<String> deployments = new ArrayList<>();
    private Database database;
    private Pool pg;
    private Redis redis;
    private AgentStore agents;
    private CustomerStore customers;
    private ComplaintStore complaints;
    private ComplaintBoard complaintBoard;
    private Health health;
    private PhoneSystem phoneSystem;
    private io.vertx.core.eventbus.MessageConsumer<JsonObject> notifications;
    private io.micrometer.core.instrument.MeterRegistry meters;

    private Calldesk(Vertx vertx, JsonObject config) {
        this.vertx = vertx;
        this.config = config;
    }

    public static Future<Calldesk> start(Vertx vertx, JsonObject config, PrometheusMeterRegistry registry) {
        Calldesk server = new Calldesk(vertx, config);
        return server.startAll(registry).recover(failure -> server.stop().transform(v -> Future.failedFuture(failure)));
    }

    private Future<Calldesk> startAll(PrometheusMeterRegistry registry) {
        meters = registry != null ? registry : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        PhoneNumbers phones;
        Tiers tiers;
        SlaPolicies slaPolicies;
        ComplaintSettings complaintSettings;
        try {
            phones = new PhoneNumbers(config.getJsonObject("phone", new JsonObject()).getString("default_region", "CN"));
            tiers = Tiers.from(config.getJsonArray("tiers"));
            slaPolicies = SlaPolicies.from(config);
            complaintSettings = ComplaintSettings.from(config, slaPolicies);
        } catch (RuntimeException e) {
            return Future.failedFuture(new StartupException("configuration is invalid: " + e.getMessage(), e));
        }
        return step("embedded services did not start", vertx.executeBlocking(this::startEmbedded))
                .compose(v -> step("database migrations failed", database.migrate(vertx)))
                .compose(v -> {
                    JsonObject db = config.getJsonObject("database");
                    JsonObject redisConfig = config.getJsonObject("redis");
                    pg = database.pool(vertx, db.getInteger("pool_size", 8),
                            config.getJsonObject("display", new JsonObject()).getString("time_zone"));
                    redis = new Redis(vertx, redisConfig.getString("url"), redisConfig.getInteger("timeout_ms", 250),
                            redisConfig.getInteger("workers", 8));
                    return step("PostgreSQL is not reachable", warmUp(db.getInteger("pool_size", 8)));
                })
                .compose(v -> {
                    JsonObject security = config.getJsonObject("security", new JsonObject());
                    agents = new AgentStore(vertx, pg, new Passwords(security.getInteger("pbkdf2_iterations", 210000)));
                    customers = new CustomerStore(vertx, pg, redis,
                            config.getJsonObject("redis").getLong("cache_read_timeout_ms", 20L), phones, tiers,
                            config.getJsonObject("lifecycle", new JsonObject()));
                    complaints = new ComplaintStore(vertx, pg, redis, slaPolicies, complaintSettings, Clock.systemUTC());
                    complaintBoard = new ComplaintBoard(pg, complaints, this::waitingCallers);
                    health = new Health(vertx, registry)
                            .register("postgres", () -> pg.query(AppSql.PING).execute().map((String) null))
                            .register("redis", () -> redis.ping().map(ok -> ok ? null : "no PONG"));
                    JsonObject demo = config.getJsonObject("demo", new JsonObject());
                    return demo.getBoolean("enabled", false)
                            ? step("demo data could not be seeded", new DemoData(pg, agents, customers, demo).seed())
                            : Future.succeededFuture();
                })
                .compose(v -> step("telephony did not start", PhoneSystem.start(vertx, config, pg, redis, customers, meters)))
                .compose(started -> {
                    phoneSystem = started;
                    phoneSystem.router().complaints(new ComplaintsForRouting(complaints));
                    phoneSystem.addScript("complaint-status", new org.calldesk.complaints.ComplaintStatusScript(vertx, customers, complaints));
                    health.register("telephony", phoneSystem::health);
                    notifications = org.calldesk.web.Sockets.routeNotifications(vertx);
                    return Future.succeededFuture();
                })
                .compose(v -> step("HTTP server did not start", deployWeb(security())))
                .compose(v -> step("complaint SLA sweeper did not start",
                        vertx.deployVerticle(new ComplaintSweeper(complaints.escalations())).onSuccess(deployments::add)))
                .compose(v -> config.getJsonObject("demo", new JsonObject()).getBoolean("enabled", false)
                        ? phoneSystem.startDemoTraffic(pg) : Future.succeededFuture())
                .map(v -> {
                    JsonObject http = config.getJsonObject("http");
                    log.info("calldesk is up: http://{}:{}/", http.getString("host"), http.getInteger("port"));
                    return this;
                });
    }

    /** The clock in the display time zone: boards count "today" in it. */
    private Clock displayClock() {
        String zone = config.getJsonObject("display", new JsonObject()).getString("time_zone");
        return zone == null || zone.isBlank() ? Clock.systemDefaultZone() : Clock.system(java.time.ZoneId.of(zone));
    }

    /** Callers waiting in a queue right now, for the complaint board. */
    private Future<io.vertx.core.json.JsonArray> waitingCallers() {
        if (phoneSystem == null) {
            return Future.succeededFuture(new io.vertx.core.json.JsonArray());
        }
        return phoneSystem.telephony().calls().map(calls -> {
            io.vertx.core.json.JsonArray waiting = new io.vertx.core.json.JsonArray();
            java.time.Instant now = java.time.Instant.now();
            calls.stream()
                    .filter(c -> c.phase() == org.calldesk.telephony.LiveCall.Phase.QUEUED
                            || c.phase() == org.calldesk.telephony.LiveCall.Phase.RINGING)
                    .forEach(c -> waiting.add(new JsonObject()
                            .put("linkedid", c.linkedid())
                            .put("queue", c.queue())
                            .put("customerId", c.route() == null ? null : c.route().customerId())
                            .put("tier", c.route() == null ? null : c.route().tier())
                            .put("priority", c.priority())
                            .put("waitedMs", c.waited(now).toMillis())));
            return waiting;
        });
    }

    /**
     * Opens every pooled connection (and Redis connections) now, so the first calls of the day do not pay
     * for connection set-up inside the 50 ms routing budget.
     */
    private Future<Void> warmUp(int poolSize) {
        List<Future<?>> opened = new ArrayList<>();
        for (int i = 0; i < poolSize; i++) {
            opened.add(pg.getConnection().compose(conn -> conn.query(AppSql.PING).execute().eventually(conn::close)));
            opened.add(redis.ping().otherwiseEmpty());
        }
        return Future.all(opened).mapEmpty();
    }

    private JsonObject security() {
        return config.getJsonObject("security", new JsonObject());
    }

    private Void startEmbedded() {
        JsonObject db = config.getJsonObject("database");
        JsonObject redisConfig = config.getJsonObject("redis");
        Path dataDir = Path.of(config.getJsonObject("data").getString("dir", "data/"));
        String dbUrl = db.getString("url");
        if (dbUrl == null || dbUrl.isBlank()) {
            dbUrl = embedded.startPostgres(dataDir, db.getInteger("embedded_port", 0), db.getBoolean("embedded_durable", true));
            database = new Database(dbUrl, "postgres", "postgres");
        } else {
            database = new Database(dbUrl, db.getString("user"), db.getString("password"));
        }
        String redisUrl = redisConfig.getString("url");
        if (redisUrl == null || redisUrl.isBlank()) {
            redisConfig.put("url", embedded.startRedis(dataDir, redisConfig.getInteger("embedded_port", 0)));
        }
        return null;
    }

    private Future<Void> deployWeb(JsonObject security) {
        JsonObject http = config.getJsonObject("http");
        int instances = http.getInteger("instances", 0);
        if (instances <= 0) {
            instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        LoginThrottle throttle = new LoginThrottle(redis, security.getInteger("login_max_failures", 5),
                security.getInteger("login_lockout_seconds", 300));
        AuthRoutes auth = new AuthRoutes(agents, throttle);
        auth.onLogout(user -> phoneSystem.telephony().agents().byUsername(user.getString("username"))
                .filter(line -> line.iface() != null)
                .map(line -> phoneSystem.telephony().presence().loggedOut(line))
                .orElse(Future.succeededFuture()));
        List<WebVerticle.Routes> routes = List.of(health, new HomeRoutes(), auth, new CustomerRoutes(customers, complaints::openForCustomer),
                new org.calldesk.web.Sockets(vertx, meters),
                new org.calldesk.agents.ConsoleRoutes(vertx, phoneSystem.telephony(), config),
                new org.calldesk.telephony.CallRoutes(phoneSystem.telephony(), phoneSystem.simulator(), pg, customers, config),
                new ComplaintRoutes(complaints, complaintBoard), phoneSystem.callbacks(),
                new BoardRoutes(new QueueBoard(pg, phoneSystem.telephony(), BoardQueue.from(config), displayClock())));
        return vertx.deployVerticle(() -> new WebVerticle(config, routes), new DeploymentOptions().setInstances(instances))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    private static <T> Future<T> step(String what, Future<T> future) {
        return future.recover(e -> Future.failedFuture(new StartupException(what + ": " + e.getMessage(), e)));
    }

    /** Stops what this server started, in reverse order; never fails. */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        for (String id : deployments) {
            chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
        }
        deployments.clear();
        if (notifications != null) {
            chain = chain.compose(v -> notifications.unregister().otherwiseEmpty());
        }
        if (phoneSystem != null) {
            PhoneSystem stopping = phoneSystem;
            chain = chain.compose(v -> stopping.stop());
        }
        return chain
                .compose(v -> pg == null ? Future.<Void>succeededFuture() : pg.close().otherwiseEmpty())
                .compose(v -> vertx.executeBlocking(() -> {
                    if (redis != null) {
                        redis.close();
                    }
                    embedded.stop();
                    return (Void) null;
                }).otherwiseEmpty());
    }

    public JsonObject config() {
        return config;
    }

    public Pool pg() {
        return pg;
    }

    public Redis redis() {
        return redis;
    }

    public EmbeddedServices embedded() {
        return embedded;
    }

    public AgentStore agents() {
        return agents;
    }

    public CustomerStore customers() {
        return customers;
    }

    public ComplaintStore complaints() {
        return complaints;
    }

    public PhoneSystem phones() {
        return phoneSystem;
    }

    /** A start-up failure whose message says which step failed. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
