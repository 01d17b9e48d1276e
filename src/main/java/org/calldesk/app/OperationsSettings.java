package org.calldesk.app;

import org.calldesk.platform.ConfigSection;

import java.time.Duration;

/** The {@code operations} config section: how the server stops, supervises its embedded servers and watches its health. */
public record OperationsSettings(Duration stopGrace, Duration stopCalls, Duration restartMin, Duration restartMax,
                                 Duration healthWatch, Duration idempotencyKeep) {

    // PostgreSQL's fast shutdown and Redis' stop take seconds; this leaves room for a slow disk.
    private static final Duration EMBEDDED_STOP = Duration.ofSeconds(30);

    public static OperationsSettings from(ConfigSection root) {
        ConfigSection ops = root.section("operations");
        Duration restartMin = Duration.ofMillis(ops.positiveInt("restart_min_ms"));
        Duration restartMax = Duration.ofMillis(ops.positiveInt("restart_max_ms"));
        if (restartMax.compareTo(restartMin) < 0) {
            throw ops.bad("restart_max_ms", "must not be less than restart_min_ms");
        }
        return new OperationsSettings(Duration.ofMillis(ops.nonNegativeInt("stop_grace_ms")),
                Duration.ofMillis(ops.nonNegativeInt("stop_calls_ms")), restartMin, restartMax,
                Duration.ofMillis(ops.positiveInt("health_watch_ms")), Duration.ofHours(ops.positiveInt("idempotency_keep_hours")));
    }

    /** The longest an orderly stop can take: requests, calls, then the embedded servers' own stop. */
    public Duration stopBudget() {
        return stopGrace.plus(stopCalls).plus(EMBEDDED_STOP);
    }
}
