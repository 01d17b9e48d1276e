package org.calldesk.bench;

import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FastAGI route: raw FastAGI sessions at a fixed rate against calldesk's AGI server, 90 % from known
 * customers (cold Redis cache: random customers of the whole base), 10 % from unknown numbers, menu
 * choices service and complaint. Measured client-side from writing the request (its last header line is
 * in the same write) to reading the last SET VARIABLE, and to the server closing the socket.
 */
final class RouteScenario implements Benchmark.Scenario {

    private static final int WARM_UP_S = 5;

    @Override
    public Table run(Benchmark.Context ctx) {
        BenchOptions options = ctx.options();
        int port = ctx.server().agi().port();
        NetClient net = ctx.clients().createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
        AgiCaller caller = new AgiCaller(ctx.clients(), net, port);
        Samples toFirstVariable = new Samples();
        Samples toLastVariable = new Samples();
        Samples toClose = new Samples();
        AtomicLong started = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong fallbacks = new AtomicLong();
        ConcurrentHashMap<String, Long> failures = new ConcurrentHashMap<>();
        SplittableRandom rnd = new SplittableRandom(7);
        // The first WARM_UP_S seconds warm the JIT, pools and caches and are not counted.
        long warmUp = Math.round(options.routeRate() * WARM_UP_S);
        long total = warmUp + Math.round(options.routeRate() * options.routeSeconds());
        long begin = System.nanoTime();
        long timer = ctx.clients().setPeriodic(2, id -> {
            long due = Math.min(total, (long) ((System.nanoTime() - begin) / 1e9 * options.routeRate()));
            while (started.get() < due) {
                long n = started.incrementAndGet();
                String number = rnd.nextInt(10) == 0
                        ? String.format("+86137%08d", rnd.nextInt(100_000_000))
                        : CustomerSeed.phone(1 + rnd.nextInt(options.customers()));
                caller.route("2000000000." + n, number, rnd.nextInt(4) == 0 ? "complaint" : "service")
                        .onSuccess(r -> {
                            if (n <= warmUp) {
                                return;
                            }
                            toFirstVariable.add(r.toFirstVariableNanos());
                            toLastVariable.add(r.toLastVariableNanos());
                            toClose.add(r.toCloseNanos());
                            String reason = r.reason() == null ? "" : r.reason();
                            if (reason.contains("default route") || reason.contains("took longer") || reason.contains("unavailable")) {
                                fallbacks.incrementAndGet();
                            }
                        })
                        .onFailure(e -> {
                            failed.incrementAndGet();
                            failures.merge(String.valueOf(e.getMessage()), 1L, Long::sum);
                        })
                        .onComplete(r -> finished.incrementAndGet());
            }
        });
        try {
            Await.until(Duration.ofSeconds(WARM_UP_S + options.routeSeconds() + 60), () -> finished.get() >= total);
        } finally {
            ctx.clients().cancelTimer(timer);
            Await.result(net.close(), Duration.ofSeconds(10), "FastAGI client close");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        double[] lastVar = toLastVariable.millis();
        ServerTimer server = ServerTimer.of(ctx.registry(), "calldesk.route.latency");
        Table table = new Table("route", String.format(Locale.ROOT, "FastAGI route at %.0f requests/s for %d s, %d customers",
                options.routeRate(), options.routeSeconds(), options.customers()))
                .latency("request written -> first SET VARIABLE (route decided)", toFirstVariable)
                .latency("request written -> last SET VARIABLE read", toLastVariable)
                .latency("request written -> socket closed by server", toClose)
                .latency("calldesk.route.latency timer: request read -> last variable set (server, incl. warm-up)",
                        server.millis(), server.count())
                .value("sessions started / answered (counted) / failed", started.get() + " / " + toClose.count() + " / " + failed.get())
                .value("warm-up, not counted", WARM_UP_S + " s, " + warmUp + " sessions")
                .value("achieved rate", String.format(Locale.ROOT, "%.1f sessions/s", finished.get() / seconds))
                .value("default routes (fact gathering over budget or failed)", fallbacks.get());
        failures.forEach((why, n) -> table.value("failure: " + why, n));
        return table.budget("route p99 <= 5 ms (to last variable)", lastVar[2] <= 5.0 && failed.get() == 0,
                "p99 " + Table.ms(lastVar[2]) + " ms, " + failed.get() + " failed");
    }
}
