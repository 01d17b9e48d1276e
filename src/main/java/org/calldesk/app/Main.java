package org.calldesk.app;

import org.calldesk.cluster.ClusterSettings;
import org.calldesk.cluster.ClusterVertx;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar calldesk.jar [--config FILE]} runs the server;
 * {@code java -jar calldesk.jar [--config FILE] admin create-user|update-user ...} manages accounts;
 * {@code services} and {@code simulator} run the shared parts of several nodes on one machine.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Path configFile = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if ("--help".equals(args[i]) || "-h".equals(args[i])) {
                usage();
                return;
            } else {
                rest.add(args[i]);
            }
        }
        JsonObject config;
        try {
            config = Config.load(configFile, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("calldesk: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!rest.isEmpty()) {
            System.exit(switch (rest.get(0)) {
                case "services" -> ServicesCommand.run(config, rest, System.out, System.err);
                case "simulator" -> SimulatorCommand.run(config, rest, System.out, System.err);
                default -> AdminCommand.run(config, rest, System.getenv(), System.out, System.err);
            });
            return;
        }
        serve(config);
    }

    /** A Prometheus registry with the JVM's own meters bound. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Vert.x reporting its HTTP, pool and event-bus meters into the registry. Each registry is known to Vert.x by
     * a name of its own, so a second Vert.x in one JVM (a test, the benchmark) never reports into the first's.
     * {@link VertxMeters} keeps a request that races the HTTP server's start from failing in its meters.
     */
    public static Vertx vertx(PrometheusMeterRegistry registry) {
        return Vertx.builder().with(options(registry)).withMetrics(VertxMeters.factory(registry)).build();
    }

    /** The same Vert.x as a node of the cluster {@code cluster} describes; completes once it has joined. */
    public static Future<Vertx> vertx(PrometheusMeterRegistry registry, ClusterSettings cluster) {
        if (!cluster.enabled()) {
            return Future.succeededFuture(vertx(registry));
        }
        return ClusterVertx.start(Vertx.builder().withMetrics(VertxMeters.factory(registry)), options(registry), cluster);
    }

    private static VertxOptions options(PrometheusMeterRegistry registry) {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .setRegistryName("calldesk-" + System.identityHashCode(registry)));
    }

    private static void serve(JsonObject config) {
        PrometheusMeterRegistry registry = registry();
        ClusterSettings cluster;
        Vertx vertx;
        try {
            cluster = ClusterSettings.from(ConfigSection.root(config));
            vertx = vertx(registry, cluster).await();
        } catch (RuntimeException e) {
            log.error("calldesk did not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Calldesk.start(vertx, config, registry)
                // The one shutdown hook: neither embedded server registers its own, so nothing stops the database
                // while requests still use it. SIGTERM and Ctrl-C run it; the JVM waits for it to finish.
                .onSuccess(server -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    long budgetMs = server.settings().operations().stopBudget().toMillis();
                    log.info("stopping calldesk (at most {} s)", budgetMs / 1000);
                    try {
                        server.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                                .get(budgetMs, TimeUnit.MILLISECONDS);
                        log.info("calldesk stopped");
                    } catch (Exception e) {
                        log.warn("calldesk did not stop cleanly: {}", e.toString());
                    }
                }, "calldesk-shutdown")))
                .onFailure(e -> {
                    log.error("calldesk did not start: {}", e.getMessage(), e.getCause());
                    vertx.close();
                    System.exit(1);
                });
    }

    static void usage() {
        System.out.println("""
                usage: java -jar calldesk.jar [--config FILE]
                       java -jar calldesk.jar [--config FILE] admin create-user --username NAME --role agent|supervisor|admin
                                 [--name "Display Name"] [--interface PJSIP/1001] [--queues service,complaints] [--team T]
                       (the password is read from the CALLDESK_NEW_PASSWORD environment variable, or asked for)
                       java -jar calldesk.jar [--config FILE] admin update-user --username NAME
                                 [--interface PJSIP/1001|Local/1001@agents|none] [--queues service,complaints|none]
                       java -jar calldesk.jar [--config FILE] services
                                 (the embedded PostgreSQL and Redis alone, for several nodes; prints their settings)
                       java -jar calldesk.jar [--config FILE] simulator [--agi host:port[,host:port...]] [--agents N]
                                 (the switch simulator alone, with demo traffic, calling the nodes' FastAGI)
                With the embedded database, admin commands refuse (exit code 3) while a server is running on it.
                Every configuration key can be overridden by an environment variable: CALLDESK_ + key path in upper snake case.""");
    }
}
