package org.calldesk.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import org.calldesk.agents.Agent;
import org.calldesk.agents.AgentRoutes;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.AuthRoutes;
import org.calldesk.agents.LanguageRoutes;
import org.calldesk.agents.LoginThrottle;
import org.calldesk.agents.PasswordRules;
import org.calldesk.agents.Passwords;
import org.calldesk.board.BoardRoutes;
import org.calldesk.board.QueueBoard;
import org.calldesk.calls.CallRoutes;
import org.calldesk.calls.CallStore;
import org.calldesk.calls.ClickToCall;
import org.calldesk.calls.ConsoleRoutes;
import org.calldesk.calls.Outbox;
import org.calldesk.calls.Reconciler;
import org.calldesk.cluster.AmiLeadership;
import org.calldesk.cluster.SharedCards;
import org.calldesk.complaints.ComplaintBoard;
import org.calldesk.complaints.ComplaintStatusScript;
import org.calldesk.complaints.ComplaintStore;
import org.calldesk.complaints.ComplaintSweeper;
import org.calldesk.complaints.ComplaintsForRouting;
import org.calldesk.customers.CustomerStore;
import org.calldesk.platform.Database;
import org.calldesk.platform.DatabaseSettings;
import org.calldesk.platform.Redis;
import org.calldesk.platform.RedisSettings;
import org.calldesk.platform.Role;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.CallbackScript;
import org.calldesk.routing.Callbacks;
import org.calldesk.routing.MenuVisits;
import org.calldesk.routing.PriorityAgeing;
import org.calldesk.routing.RouteDecisions;
import org.calldesk.routing.RouteRecovery;
import org.calldesk.routing.RoutingPolicy;
import org.calldesk.screenpop.Cards;
import org.calldesk.screenpop.ScreenPop;
import org.calldesk.sim.SimControl;
import org.calldesk.sim.SimSettings;
import org.calldesk.sim.SwitchSimulator;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentPresence;
import org.calldesk.telephony.AgiAccess;
import org.calldesk.telephony.AgiServer;
import org.calldesk.telephony.AmiBridge;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.LiveCalls;
import org.calldesk.telephony.LiveView;
import org.calldesk.telephony.Originations;
import org.calldesk.telephony.QueueLogSource;
import org.calldesk.telephony.RouteScript;
import org.calldesk.telephony.TelephonyConfig;
import org.calldesk.web.Access;
import org.calldesk.web.HomeRoutes;
import org.calldesk.web.Idempotency;
import org.calldesk.web.RedisSessionStore;
import org.calldesk.web.Sockets;
import org.calldesk.web.WebVerticle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One calldesk server, and the one place where its parts are made and wired: start-up as a single chain that
 * fails fast and says what failed (configuration → embedded services → migrations → stores → the phone side →
 * verticles), every part given what it needs in its constructor; and an orderly stop in reverse.
 */
public final class Calldesk {

    private static final Logger log = LoggerFactory.getLogger(Calldesk.class);
    private static final long CARD_MAX_AGE_MS = 4 * 3600_000L;
    private static final long CARD_EXPIRY_EVERY_MS = 600_000;
    /** Route decisions outlive any caller still waiting; older ones only take room. */
    private static final Duration DECISIONS_KEPT = Duration.ofDays(1);
    private static final long DECISIONS_PURGE_EVERY_MS = 3600_000;
    /**
     * How long the start waits for the calls the last run left in the outbox before it reads the queue_log, which
     * would store them first without their route; bounded, as PostgreSQL may fail again meanwhile.
     */
    private static final long LEFTOVER_WAIT_MS = 60_000;
    private static final long IDEMPOTENCY_PURGE_EVERY_MS = 3600_000;

    private final Vertx vertx;
    private final JsonObject config;
    private Settings settings;
    private TelephonyConfig telephony;
    private String redisUrl;
    private EmbeddedServices embedded;
    private final List<String> deployments = new ArrayList<>();
    private Database database;
    private Pool pg;
    private Redis redis;
    private AgentStore agents;
    private CustomerStore customers;
    private ComplaintStore complaints;
    private ComplaintBoard complaintBoard;
    private Health health;
    private Idempotency idempotency;
    private MessageConsumer<JsonObject> notifications;
    private MessageConsumer<JsonObject> accountChanges;
    private NotificationsWiring notificationList;
    private MeterRegistry meters;
    private final List<Long> timers = new ArrayList<>();
    private RoutingPolicy policy;
    private SwitchSimulator simulator;
    private AgentDirectory agentLines;
    private AmiBridge bridge;
    private String bridgeDeployment;
    private LiveCalls live;
    private LiveView liveView;
    private AgentPresence presence;
    private Originations originations;
    private Callbacks callbacks;
    private Outbox outbox;
    private AgiServer agi;
    private Reconciler reconciler;
    private String reconcilerDeployment;
    private CallRouter router;
    private Cards cards;
    private ConsoleWiring console;
    /** Until the route path is warm, FastAGI does not listen and health says telephony is not UP. */
    private volatile boolean routingWarm;
    private DemoTraffic demoTraffic;
    private ReportsWiring reports;
    private AdminWiring admin;
    /** Which node holds the AMI link; null outside a cluster. */
    private AmiLeadership leadership;
    /** The cards this node prepares, handed to the other nodes; null outside a cluster. */
    private SharedCards sharedCards;

    private Calldesk(Vertx vertx, JsonObject config) {
        this.vertx = vertx;
        this.config = config;
    }

    public static Future<Calldesk> start(Vertx vertx, JsonObject config, PrometheusMeterRegistry registry) {
        Calldesk server = new Calldesk(vertx, config);
        return server.startAll(registry).recover(failure -> server.stop().transform(v -> Future.failedFuture(failure)));
    }

    private Future<Calldesk> startAll(PrometheusMeterRegistry registry) {
        meters = registry != null ? registry : new SimpleMeterRegistry();
        try {
            settings = Settings.from(config);
        } catch (RuntimeException e) {
            return Future.failedFuture(new StartupException("configuration is invalid: " + e.getMessage(), e));
        }
        String demoRefused = DemoData.refusal(settings.demo(), settings.http());
        if (demoRefused != null) {
            return Future.failedFuture(new StartupException("demo mode refused: " + demoRefused, null));
        }
        String clusterRefused = ClusterWiring.refusal(settings);
        if (clusterRefused != null) {
            return Future.failedFuture(new StartupException(clusterRefused, null));
        }
        policy = settings.routing();
        telephony = settings.telephony();
        if (telephony.simulator() && telephony.agiAccess().secret().isEmpty()) {
            // The built-in PBX is the only one calling: a secret of this run's own keeps other local processes out.
            telephony = telephony.withAgiSecret(AgiAccess.randomSecret());
        }
        return step("embedded services did not start", vertx.executeBlocking(this::startEmbedded))
                .compose(v -> step("database migrations failed", database.migrate(vertx)))
                .compose(v -> {
                    DatabaseSettings db = settings.database();
                    RedisSettings redisSettings = settings.redis();
                    pg = database.pool(vertx, db.poolSize(), settings.display().timeZone());
                    redis = new Redis(vertx, redisUrl, redisSettings.timeoutMs(), redisSettings.workers(), redisSettings.checkMs());
                    return step("PostgreSQL is not reachable", warmUp(db.poolSize()));
                })
                .compose(v -> {
                    agents = new AgentStore(vertx, pg, new Passwords(settings.security().pbkdf2Iterations()),
                            new PasswordRules(settings.demo().enabled()));
                    customers = new CustomerStore(vertx, pg, redis, settings.redis(),
                            settings.phone(), settings.tiers(), settings.lifecycle());
                    complaints = new ComplaintStore(vertx, pg, redis, settings.sla(), settings.complaints(),
                            Clock.systemUTC());
                    complaintBoard = new ComplaintBoard(pg, complaints, this::waitingCallers);
                    RecordsWiring.fillPinyin(customers);
                    // PostgreSQL is needed until the outbox (registered with the phone side) can keep what it
                    // cannot take: from then on either one up keeps the node ready.
                    health = new Health(vertx, registry, settings.http().scrapeToken())
                            .register("postgres", Health.Need.ANY_OF, () -> pg.query(AppSql.PING).execute().map((String) null))
                            // Only caches and live state: without Redis the node still routes, pops and stores.
                            .register("redis", Health.Need.DEGRADES, () -> redis.ping().map(ok -> ok ? null : "no PONG"));
                    DemoSettings demo = settings.demo();
                    DemoData demoData = new DemoData(pg, agents, customers, demo);
                    return demo.enabled()
                            ? step("demo data could not be seeded", demoData.seed())
                            : step("demo users could not be disabled", demoData.disableDemoUsers());
                })
                .compose(v -> step("report rollups could not be prepared",
                        ReportsWiring.start(pg, settings).map(r -> reports = r).mapEmpty()))
                .compose(v -> step("switch simulator did not start", startSimulator()))
                .compose(v -> step("telephony did not start", startPhones()))
                .compose(v -> step("administrators' settings could not be read", (admin = new AdminWiring(vertx, pg,
                        config, settings, agents, agentLines, presence, this::lineChanged)).start()))
                .compose(v -> BusinessTimeWiring.start(vertx, pg, settings))
                .compose(v -> {
                    health.register("telephony", Health.Need.READY, this::telephonyHealth)
                            // Ended calls and callback requests are kept while PostgreSQL is away: PostgreSQL
                            // reachable or the outbox accepting is enough to take calls.
                            .register("outbox", Health.Need.ANY_OF, outbox::health)
                            .detail("outbox", () -> {
                                Outbox.Status waiting = outbox.status();
                                return new JsonObject().put("depth", waiting.depth()).put("bytes", waiting.bytes())
                                        .put("refused", waiting.refused()).put("last_failure", waiting.lastFailure());
                            });
                    // A saturated FastAGI pool still answers (callers wait in its queue): degraded, never a reason to pull the node.
                    health.register("fastagi", Health.Need.DEGRADES, () -> Future.succeededFuture(agi.saturation().problem()));
                    if (leadership != null) {
                        health.detail("cluster", leadership::status);
                    }
                    notifications = Sockets.routeNotifications(vertx);
                    notificationList = new NotificationsWiring(vertx, pg, settings.notifications());
                    return step("HTTP server did not start", deployWeb());
                })
                // After the web server, so that health can say "warming up" meanwhile; before FastAGI takes a call.
                .compose(v -> step("FastAGI did not start", warmUpRouting().compose(w -> shareCards()).compose(w -> agi.start())))
                .compose(v -> step("complaint SLA sweeper did not start",
                        vertx.deployVerticle(new ComplaintSweeper(complaints.escalations())).onSuccess(deployments::add)))
                .compose(v -> startDemoTraffic())
                .map(v -> {
                    health.watch(settings.operations().healthWatch());
                    log.info("calldesk is up: http://{}:{}/", settings.http().host(), settings.http().port());
                    return this;
                });
    }

    /** Callers waiting in a queue right now, for the complaint board. */
    private Future<JsonArray> waitingCallers() {
        if (liveView == null) {
            return Future.succeededFuture(new JsonArray());
        }
        return liveView.calls().map(calls -> {
            JsonArray waiting = new JsonArray();
            Instant now = Instant.now();
            calls.stream()
                    .filter(c -> c.phase() == LiveCall.Phase.QUEUED || c.phase() == LiveCall.Phase.RINGING)
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

    /** In simulator mode the built-in PBX listens first; the bridge then reaches it over TCP like any Asterisk. */
    private Future<Void> startSimulator() {
        if (!telephony.simulator()) {
            return Future.succeededFuture();
        }
        simulator = new SwitchSimulator(vertx, SimSettings.from(config).withAgiSecret(telephony.agiAccess().secret()));
        return simulator.start().onSuccess(v -> {
            telephony = telephony.withAmi("127.0.0.1", simulator.amiPort());
            log.info("switch simulator listening for AMI on 127.0.0.1:{}", simulator.amiPort());
        });
    }

    /**
     * The phone side: the AMI bridge feeds live calls, and live calls tell the call store, the screen pop and
     * the boards of each change after applying it; FastAGI answers the dialplan's scripts.
     */
    private Future<Void> startPhones() {
        log.info("telephony mode {}: AMI {}:{}, FastAGI {}:{}", telephony.mode(), telephony.amiHost(),
                telephony.amiPort(), telephony.agiHost(), telephony.agiPort());
        agentLines = new AgentDirectory(pg);
        bridge = new AmiBridge(telephony);
        live = new LiveCalls();
        leadership = ClusterWiring.leadership(vertx, settings, bridge, live);
        liveView = new LiveView(bridge, live);
        presence = new AgentPresence(bridge, live);
        bridge.onEvent(live::accept);
        originations = new Originations(vertx, bridge, telephony.originate());
        bridge.onEvent(originations::accept);

        ComplaintsForRouting complaintFacts = new ComplaintsForRouting(complaints);
        RouteDecisions decisions = new RouteDecisions(pg, policy.batching());
        RouteRecovery recovery = new RouteRecovery(decisions, customers, complaintFacts, bridge::inject);
        cards = new Cards(redis, recovery::routedCaller);
        ScreenPop pop = new ScreenPop(vertx, cards, agentLines, bridge::runOnBridge);
        // a stored call is a contact: last contact and lifecycle move with it, and the cached card goes
        CallStore calls = new CallStore(pg, agentLines, customers.phones(), customers::contacted);
        callbacks = new Callbacks(pg, customers, policy, Clock.systemDefaultZone());
        outbox = new Outbox(vertx, settings.data().dir().resolve("outbox"), settings.calls().outbox(), calls,
                callbacks::store, meters);
        // In a cluster only the AMI link's holder pops, stores and recovers; the others keep live state for their pages.
        live.subscribe(ClusterWiring.onHolder(bridge, recovery::changed));
        live.subscribe(ClusterWiring.onHolder(bridge, pop::changed));
        // The others keep cards too (prepared by their FastAGI, or shared by another node): gone with the call.
        live.subscribe(change -> {
            if (change.ended() && !bridge.holdsLink()) {
                cards.forgetHere(change.call().callerUniqueid());
            }
        });
        live.subscribe(ClusterWiring.onHolder(bridge, outbox::changed));
        console = new ConsoleWiring(vertx, agentLines, presence, live, settings.boardQueues(), pop);
        console.wrapUp().actOnlyWhen(bridge::holdsLink);
        if (leadership != null) {
            WrapUpCluster.share(leadership, console.wrapUp());
            // After a takeover's resync the members' states are Asterisk's own again: wrap-ups the dead holder timed
            // (whose last events may not have reached this node) are adopted then as well.
            bridge.onEvent(event -> {
                if (event instanceof CallEvent.ResyncComplete && bridge.holdsLink()) {
                    console.wrapUp().adoptOrphans();
                }
            });
        }
        QueueLogSource queueLog = QueueLogSource.of(telephony.queueLog(), vertx, pg);
        if (queueLog != null) {
            // After live calls, so that calls gone during an outage are already stored as lost when the log is read.
            reconciler = new Reconciler(queueLog, telephony.queueLog().fromBeginning(), pg, calls, agentLines,
                    customers::byPhone);
            // Only while holding the link: a node that gave it up (a lost quorum) keeps its reader deployed, and must
            // not read the log again on each resync the new holder's events bring it.
            bridge.onEvent(ClusterWiring.onHolder(bridge, reconciler::onEvent));
        }
        reports.recordStates(vertx, bridge, presence, agentLines);
        presence.onChange(ClusterWiring.onHolder(bridge, state -> agentLines.byInterface(state.iface()).ifPresent(agent ->
                Sockets.toUser(vertx, agent.id(), new JsonObject().put("type", "state")
                        .put("member", ConsoleRoutes.stateJson(state, console.wrapUp())), null))));

        router = new CallRouter(policy, customers, pg, complaintFacts, presence, cards::prepare, Clock.systemDefaultZone());
        RouteScript route = new RouteScript(router, (uniqueid, linkedid, number, info) -> {
            bridge.inject(new CallEvent.Routed(Instant.now(), linkedid, uniqueid, number, info));
            decisions.record(uniqueid, linkedid, number, info);
        }, RouteScript.latencyTimer(meters));
        MenuVisits menu = new MenuVisits((uniqueid, linkedid, number, info) ->
                bridge.inject(new CallEvent.Routed(Instant.now(), linkedid, uniqueid, number, info)));
        agi = new AgiServer(vertx, telephony, Map.of("route", route,
                "callback", new CallbackScript(callbacks, outbox::defer, menu),
                "complaint-status", new ComplaintStatusScript(vertx, customers, complaints, menu)));

        everySecondOnBridge(boardNotices());
        PriorityAgeing ageing = new PriorityAgeing(policy, live, bridge);
        everySecondOnBridge(ClusterWiring.onHolder(bridge::holdsLink, () -> ageing.tick(Instant.now())));
        timers.add(vertx.setPeriodic(CARD_EXPIRY_EVERY_MS, id -> cards.expire(CARD_MAX_AGE_MS)));
        // Also once now: a node restarted more often than hourly would otherwise never purge.
        Runnable purge = () -> decisions.purge(Instant.now().minus(DECISIONS_KEPT))
                .onFailure(e -> log.warn("old route decisions not purged: {}", e.getMessage()));
        purge.run();
        timers.add(vertx.setPeriodic(DECISIONS_PURGE_EVERY_MS, id -> purge.run()));
        if (telephony.agentsRefreshMs() > 0) {
            // Agents added or moved since start-up are matched by interface without a restart.
            timers.add(vertx.setPeriodic(telephony.agentsRefreshMs(), id -> agentLines.refresh()
                    .onFailure(e -> log.warn("agent directory not refreshed: {}", e.getMessage()))));
        }
        return agentLines.refresh()
                .compose(v -> outbox.start())
                // In a cluster the queue_log is read by the node that takes the AMI link, when it takes it.
                .compose(v -> leadership == null ? deployReconciler() : Future.succeededFuture())
                .compose(v -> vertx.deployVerticle(bridge))
                .compose(id -> {
                    bridgeDeployment = id;
                    return leadership == null ? Future.succeededFuture()
                            : leadership.beforeTaking(() -> {
                                // The wrap-ups the last holder timed are this node's to end now.
                                console.wrapUp().adoptOrphans();
                                return deployReconciler();
                            }).start();
                });
    }

    /** In a cluster, from now on: the warm-up's rehearsal cards stay on this node. */
    private Future<Void> shareCards() {
        if (leadership == null) {
            return Future.succeededFuture();
        }
        return SharedCards.start(vertx, cards, bridge::holdsLink).map(shared -> {
            sharedCards = shared;
            return (Void) null;
        });
    }

    private Future<Void> deployReconciler() {
        if (reconciler == null || reconcilerDeployment != null) {
            return Future.succeededFuture();
        }
        return outbox.leftoverWritten()
                .timeout(LEFTOVER_WAIT_MS, TimeUnit.MILLISECONDS)
                .recover(e -> {
                    log.warn("calls left in the outbox not all written yet; the queue_log is read anyway");
                    return Future.succeededFuture();
                })
                .compose(v -> vertx.deployVerticle(reconciler))
                .map(id -> {
                    reconcilerDeployment = id;
                    return (Void) null;
                });
    }

    /** Boards hear of queue changes at most once a second, however busy the queues are. */
    private Runnable boardNotices() {
        boolean[] changed = {false};
        live.subscribe(change -> changed[0] = true);
        return () -> {
            if (changed[0] && bridge.holdsLink()) {
                changed[0] = false;
                vertx.eventBus().publish(Sockets.BOARD, new JsonObject().put("type", "queue-changed"));
            }
        };
    }

    private void everySecondOnBridge(Runnable work) {
        timers.add(vertx.setPeriodic(1000, id -> bridge.runOnBridge(work)));
    }

    /**
     * Warms the route path before FastAGI takes the first call. A warm-up that fails is no reason not to answer calls:
     * routing is fail-open, and the first callers may then be decided late, not dropped.
     */
    private Future<Void> warmUpRouting() {
        return new RoutingWarmUp(pg, settings.database().poolSize(), customers, router, cards).run()
                .recover(e -> {
                    log.warn("routing warm-up did not complete ({}); FastAGI starts anyway", e.getMessage());
                    return Future.succeededFuture();
                })
                .onComplete(v -> routingWarm = true);
    }

    private Future<Void> startDemoTraffic() {
        if (simulator == null || !settings.demo().enabled()) {
            return Future.succeededFuture();
        }
        demoTraffic = new DemoTraffic(vertx, pg, simulator, bridge, agentLines, presence, settings.demo().callsPerMinute());
        return demoTraffic.start();
    }

    /** For /health: null when the AMI link and FastAGI are up, else why not. */
    private Future<String> telephonyHealth() {
        if (bridge == null || agi == null) {
            return Future.succeededFuture("not started");
        }
        if (!routingWarm) {
            return Future.succeededFuture("routing warming up; FastAGI not listening yet");
        }
        if (!bridge.isUp()) {
            return Future.succeededFuture("AMI link down: " + (bridge.lastError() == null ? "not connected yet" : bridge.lastError()));
        }
        return Future.succeededFuture(agi.isListening() ? null : "FastAGI server not listening");
    }

    private Future<Void> stopPhones() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (demoTraffic != null) {
            demoTraffic.stop();
        }
        Future<Void> agiStopped = agi == null ? Future.succeededFuture() : agi.stop().otherwiseEmpty();
        return agiStopped
                .compose(v -> storeLiveCalls())
                .compose(v -> bridgeDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(bridgeDeployment).otherwiseEmpty())
                // Once no call can end any more; what is still kept is written by the next start.
                .compose(v -> outbox == null ? Future.<Void>succeededFuture() : outbox.stop().otherwiseEmpty())
                .compose(v -> reconcilerDeployment == null ? Future.<Void>succeededFuture() : vertx.undeploy(reconcilerDeployment).otherwiseEmpty())
                .compose(v -> simulator == null ? Future.<Void>succeededFuture() : simulator.stop().otherwiseEmpty())
                .compose(v -> sharedCards == null ? Future.<Void>succeededFuture() : sharedCards.stop().otherwiseEmpty())
                // Last: another node takes the link only once this one has let go of it.
                .compose(v -> leadership == null ? Future.<Void>succeededFuture() : leadership.stop());
    }

    /**
     * The calls still live end as lost and are stored while the database is still there (or, if PostgreSQL does not
     * take them in time, kept in the outbox for the next start), within a bounded wait: a stop must not hang on a
     * database that is gone.
     */
    private Future<Void> storeLiveCalls() {
        if (bridgeDeployment == null || outbox == null) {
            return Future.succeededFuture();
        }
        if (leadership != null && (!leadership.holding() || leadership.othersPresent())) {
            // Another node has these calls, or takes them over with the link: they are not over.
            return Future.succeededFuture();
        }
        bridge.inject(new CallEvent.Stopping(Instant.now()));
        // Runs after the injected event on the bridge's context, so the ended calls are already handed to the outbox.
        return bridge.callOnBridge(() -> null)
                .compose(v -> outbox.idle())
                .timeout(settings.operations().stopCalls().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .onFailure(e -> log.warn("calls live at the stop not all stored within {} ms", settings.operations().stopCalls().toMillis()))
                .otherwiseEmpty();
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

    private Void startEmbedded() {
        DatabaseSettings db = settings.database();
        Path dataDir = settings.data().dir();
        embedded = new EmbeddedServices(settings.operations().restartMin(), settings.operations().restartMax());
        if (db.embedded()) {
            database = embedded.database(embedded.startPostgres(dataDir, db.embeddedPort(), db.embeddedDurable()));
        } else {
            database = new Database(db.url(), db.user(), db.password());
        }
        redisUrl = settings.redis().embedded()
                ? embedded.startRedis(dataDir, settings.redis().embeddedPort())
                : settings.redis().url();
        return null;
    }

    private Future<Void> deployWeb() {
        LoginThrottle throttle = new LoginThrottle(redis, settings.security());
        AuthRoutes auth = new AuthRoutes(agents, throttle, user -> agentLines.byUsername(user.username())
                .filter(line -> line.iface() != null)
                .map(presence::loggedOut)
                .orElse(Future.succeededFuture()));
        List<WebVerticle.Routes> routes = new ArrayList<>(List.of(health, new HomeRoutes(), auth,
                new LanguageRoutes(agents, settings.http().secureCookies()),
                new AgentRoutes(agents, this::lineChanged),
                RecordsWiring.customerRoutes(settings, customers, complaints),
                new Sockets(vertx, meters, agents::roleOf, settings.sockets()),
                new ConsoleRoutes(vertx, agentLines, presence, bridge, settings.agents(), settings.calls(),
                        settings.complaints().categories(), console.wrapUp()), console.routes(),
                new CallRoutes(bridge, liveView, pg, customers, settings.calls(),
                        new ClickToCall(vertx, pg, customers, originations)),
                RecordsWiring.complaintRoutes(settings, complaints, complaintBoard), callbacks,
                new BoardRoutes(new QueueBoard(pg, liveView, agentLines, settings.boardQueues(),
                        settings.display().clock(), settings.board())), notificationList.routes(settings.display().clock().getZone())));
        routes.addAll(WorkListWiring.routes(vertx, pg, bridge, customers, originations, settings, timers));
        routes.add(admin.routes());
        routes.add(reports.routes());
        if (simulator != null) {
            SimControl control = new SimControl(simulator);
            routes.add((router, pages) -> router.post("/api/sim/calls").handler(Access.api(Role.SUPERVISOR))
                    .handler(control.placeCall()));
        }
        idempotency = new Idempotency(pg, List.of("/api/complaints", "/api/customers", "/api/calls/originate"));
        Duration keep = settings.operations().idempotencyKeep();
        timers.add(vertx.setPeriodic(IDEMPOTENCY_PURGE_EVERY_MS, id -> idempotency.purge(Instant.now().minus(keep))
                .onFailure(e -> log.warn("old idempotency keys not purged: {}", e.getMessage()))));
        // Sessions in Redis: every node sees them, and they outlive a restart (RedisSessionStore).
        RedisSessionStore sessions = new RedisSessionStore(vertx, redis);
        // An account disabled, given another role or a new password by an admin: its sessions end on every node, so a
        // disabled agent is out at once and a new role takes effect at the next login.
        accountChanges = vertx.eventBus().<JsonObject>consumer(org.calldesk.admin.LiveSettings.CHANGED, message -> {
            JsonObject change = message.body();
            if (!"agents".equals(change.getString("area")) || change.getLong("id") == null) {
                return;
            }
            boolean active = change.getBoolean("active", true);
            boolean reset = change.getBoolean("passwordReset", false);
            String role = change.getString("role");
            sessions.endSessionsOf(change.getLong("id"), user -> !active || reset || !user.role().label().equals(role))
                    .onSuccess(n -> {
                        if (n > 0) {
                            log.info("{} session(s) of {} ended after an admin's change", n, change.getString("username"));
                        }
                    })
                    .onFailure(e -> log.warn("sessions of {} not ended: {}", change.getString("username"), e.getMessage()));
        });
        return vertx.deployVerticle(() -> new WebVerticle(settings.http(), routes, idempotency, settings.operations().stopGrace(), sessions),
                        new DeploymentOptions().setInstances(settings.http().verticles()))
                .onSuccess(deployments::add)
                .mapEmpty();
    }

    /**
     * An admin gave an agent another phone or other queues. Asterisk still has the agent's old membership, which
     * the new line could no longer remove, so a logged-in agent leaves the queues and logs in again; calls are
     * matched to the new phone from now on, not at the next periodic refresh.
     */
    private Future<Void> lineChanged(Agent agent) {
        Future<Void> left = agentLines.byUsername(agent.username())
                .filter(before -> before.iface() != null && presence.state(before.iface()).loggedIn())
                .filter(before -> !before.iface().equalsIgnoreCase(String.valueOf(agent.iface()))
                        || !before.queues().equals(agent.queues()))
                .map(presence::loggedOut)
                .orElse(Future.succeededFuture());
        return left.recover(e -> {
            log.warn("{}'s old phone could not leave the queues: {}", agent.username(), e.getMessage());
            return Future.succeededFuture();
        }).compose(v -> agentLines.refresh());
    }

    private static <T> Future<T> step(String what, Future<T> future) {
        return future.recover(e -> Future.failedFuture(new StartupException(what + ": " + e.getMessage(), e)));
    }

    /**
     * Stops what this server started, in reverse order; never fails. The node first says it is not ready and stops
     * accepting requests; the requests in flight finish and the calls still live are stored (each within a bounded
     * wait); the embedded PostgreSQL and Redis stop last.
     */
    public Future<Void> stop() {
        if (health != null) {
            health.stopping();
            health.unwatch();
        }
        Future<Void> chain = Future.succeededFuture();
        for (String id : deployments) {
            chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
        }
        deployments.clear();
        if (notifications != null) {
            chain = chain.compose(v -> notifications.unregister().otherwiseEmpty());
        }
        if (accountChanges != null) {
            chain = chain.compose(v -> accountChanges.unregister().otherwiseEmpty());
        }
        if (notificationList != null) {
            chain = chain.compose(v -> notificationList.stop().otherwiseEmpty());
        }
        if (admin != null) {
            chain = chain.compose(v -> admin.stop());
        }
        chain = chain.compose(v -> stopPhones());
        if (reports != null) {
            chain = chain.compose(v -> reports.stop());
        }
        return chain
                .compose(v -> pg == null ? Future.<Void>succeededFuture() : pg.close().otherwiseEmpty())
                .compose(v -> vertx.executeBlocking(() -> {
                    if (redis != null) {
                        redis.close();
                    }
                    if (embedded != null) {
                        embedded.stop();
                    }
                    return (Void) null;
                }).otherwiseEmpty());
    }

    /** The merged configuration as loaded; the parts read only {@link #settings()}. */
    public JsonObject config() {
        return config;
    }

    public Settings settings() {
        return settings;
    }

    public Pool pg() {
        return pg;
    }

    public Redis redis() {
        return redis;
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

    /** The switch simulator, or null when calldesk talks to a real Asterisk. */
    public SwitchSimulator simulator() {
        return simulator;
    }

    public AmiBridge bridge() {
        return bridge;
    }

    public LiveView liveView() {
        return liveView;
    }

    public AgentDirectory agentLines() {
        return agentLines;
    }

    public AgentPresence presence() {
        return presence;
    }

    public org.calldesk.calls.WrapUp wrapUp() {
        return console.wrapUp();
    }

    public AgiServer agi() {
        return agi;
    }

    /** What fills in calls from Asterisk's queue_log, or null when {@code telephony.queue_log.source} is none. */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The kept notifications (escalations, breaches, follow-ups due): {@code notify(...)} for other parts to call. */
    public org.calldesk.notifications.Notifications notifications() {
        return notificationList.notifications();
    }

    /** A start-up failure whose message says which step failed. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
