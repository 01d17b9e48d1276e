package org.calldesk.bench;

import ch.qos.logback.classic.Level;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.calldesk.app.Calldesk;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.app.Main;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures calldesk against DESIGN.md's performance budgets: starts a real server (embedded PostgreSQL and
 * Redis in a temporary directory, the switch simulator), seeds it, runs the chosen scenarios one after the
 * other and prints a table of figures for each. Load generators run on a Vert.x instance of their own, so
 * they never queue behind the server's event loops (they do share its two cores).
 */
public final class Benchmark {

    /** One scenario: runs against a started server, cleans up after itself, and fills a table. */
    interface Scenario {
        Table run(Context ctx) throws Exception;
    }

    /** What every scenario gets. */
    record Context(BenchOptions options, Calldesk server, Vertx serverVertx, Vertx clients,
                   PrometheusMeterRegistry registry, int httpPort, Heap heap) {
    }

    private static volatile String running = "setup";

    private Benchmark() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!options.verbose()) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            // Asterisk-Java warns of every event that took over a millisecond while the JIT warms up.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.asteriskjava")).setLevel(Level.ERROR);
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    static boolean run(BenchOptions options, PrintStream out) {
        List<Table> tables = new java.util.concurrent.CopyOnWriteArrayList<>();
        String started = Instant.now().toString();
        double loadBefore = load();
        header(out, options, started, loadBefore);
        // On a SIGTERM from outside, still say what was measured and which scenario was cut short.
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread interrupted = new Thread(() -> {
            if (!done.get()) {
                out.println();
                out.println("benchmark: terminated from outside while running '" + running + "'; figures so far:");
                summary(out, tables);
                out.flush();
            }
        }, "bench-terminated");
        Runtime.getRuntime().addShutdownHook(interrupted);
        PrometheusMeterRegistry registry = Main.registry();
        Vertx vertx = Main.vertx(registry);
        Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        Path dataDir = tempDir();
        Calldesk server = null;
        Table setup = new Table("setup", "server start and seeding");
        try (Heap heap = new Heap()) {
            int port = EmbeddedServices.freePort();
            long t0 = System.nanoTime();
            server = Await.result(Calldesk.start(vertx, BenchConfig.of(options, port, dataDir), registry),
                    Duration.ofMinutes(3), "calldesk did not start");
            setup.value("server start (embedded PostgreSQL, Redis, migrations)", seconds(System.nanoTime() - t0));
            boolean needCustomers = options.runs("pop") || options.runs("route") || options.runs("sla")
                    || options.runs("reports");
            if (needCustomers) {
                Duration seeding = CustomerSeed.seed(server.pg(), options.customers());
                setup.value("customers seeded (SQL generate_series, 1 phone + 1 call each)",
                        String.format(Locale.ROOT, "%d in %.1f s (%.0f/s)", options.customers(), seeding.toMillis() / 1000.0,
                                options.customers() * 1000.0 / Math.max(1, seeding.toMillis())));
            }
            heap.report(setup);
            tables.add(setup);
            setup.print(out);
            Context ctx = new Context(options, server, vertx, clients, registry, port, heap);
            for (String name : BenchOptions.ALL) {
                if (options.runs(name)) {
                    if ("cluster".equals(name) && server != null) {
                        // The cluster brings its own nodes and services (cluster is the last scenario): the
                        // single-node server, idle now, is stopped so that it takes none of the cores they share.
                        Await.result(server.stop(), Duration.ofMinutes(1), "single-node server stop");
                        server = null;
                    }
                    running = name;
                    Table table = runOne(name, ctx);
                    tables.add(table);
                    table.print(out);
                }
            }
        } catch (RuntimeException e) {
            setup.failed(e.getMessage());
            if (!tables.contains(setup)) {
                tables.add(setup);
                setup.print(out);
            }
        } finally {
            running = "clean-up";
            stop(server, vertx, clients, dataDir);
        }
        out.printf(Locale.ROOT, "%nload average after: %.2f%n", load());
        summary(out, tables);
        done.set(true);
        return tables.stream().noneMatch(Table::crashed);
    }

    private static Table runOne(String name, Context ctx) {
        Scenario scenario = switch (name) {
            case "pop" -> new PopScenario();
            case "route" -> new RouteScenario();
            case "ami" -> new AmiIngestScenario();
            case "sla" -> new SlaScenario();
            case "sim" -> new SimulatorScenario();
            case "reports" -> new ReportScenario();
            case "cluster" -> new ClusterScenario();
            default -> throw new IllegalArgumentException(name);
        };
        System.err.printf(Locale.ROOT, "running scenario %s (load average %.2f)%n", name, load());
        ctx.heap().peakMbAndReset();
        double loadAtStart = load();
        try {
            Table table = scenario.run(ctx);
            ctx.heap().report(table);
            return table.value("load average (2 cores) at start / end",
                    String.format(Locale.ROOT, "%.2f / %.2f", loadAtStart, load()));
        } catch (Exception e) {
            e.printStackTrace();
            Table table = new Table(name, "did not complete");
            StringBuilder why = new StringBuilder("scenario '" + name + "' failed: " + e.getMessage());
            for (Throwable also : e.getSuppressed()) {
                why.append("; then, cleaning up: ").append(also.getMessage());
            }
            table.failed(why.toString());
            return table;
        }
    }

    private static void header(PrintStream out, BenchOptions options, String started, double loadBefore) {
        out.println("calldesk benchmark, started " + started);
        out.printf(Locale.ROOT, "JVM %s, %d cores, max heap %d MB; load average before %.2f; PostgreSQL fsync %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Heap.maxMb(), loadBefore,
                options.durable() ? "on" : "off");
        out.flush();
    }

    private static void summary(PrintStream out, List<Table> tables) {
        out.println();
        out.println("== summary ==");
        tables.stream().filter(t -> !t.scenario.equals("setup") || t.crashed()).forEach(t -> t.summarise(out));
        out.flush();
    }

    private static void stop(Calldesk server, Vertx vertx, Vertx clients, Path dataDir) {
        try {
            if (server != null) {
                Await.result(server.stop(), Duration.ofMinutes(1), "server stop");
            }
            Await.result(clients.close(), Duration.ofSeconds(30), "client Vert.x close");
            Await.result(vertx.close(), Duration.ofSeconds(30), "Vert.x close");
        } catch (RuntimeException e) {
            System.err.println("benchmark: clean-up incomplete: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("benchmark: could not delete " + dataDir + ": " + e.getMessage());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("calldesk-bench-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory: " + e.getMessage(), e);
        }
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
