package org.calldesk.complaints;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLA sweeper: every {@code tick_ms} it fires the deadlines the Redis index says have come; every
 * {@code fallback_scan_s} it asks PostgreSQL instead, so a lost or flushed index delays nothing by more
 * than that, and announces the satisfaction follow-ups that have fallen due. Each time Redis comes back from a loss
 * or a restart it rebuilds the index from PostgreSQL at once. One instance per node; several nodes are safe because
 * each level is claimed in PostgreSQL.
 */
public final class ComplaintSweeper extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(ComplaintSweeper.class);

    private final Escalations escalations;
    private boolean ticking;
    private boolean scanning;
    /** Redis came back and the index has not been rebuilt since: it may lack what was written meanwhile. */
    private boolean rebuildWanted;
    private Runnable stopListening = () -> { };
    private long tickTimer = -1;
    private long scanTimer = -1;

    public ComplaintSweeper(Escalations escalations) {
        this.escalations = escalations;
    }

    @Override
    public Future<?> start() {
        ComplaintSettings settings = escalations.settings();
        stopListening = escalations.onRedisBack(() -> context.runOnContext(v -> {
            rebuildWanted = true;
            rebuildAfterOutage();
        }));
        // A start without Redis still sweeps: the fallback scan alone keeps every promise, just later.
        return escalations.rebuildIndex()
                .recover(e -> {
                    log.warn("complaint deadline index not rebuilt ({}); the fallback scan covers until it is", e.getMessage());
                    return Future.succeededFuture();
                })
                .onSuccess(v -> {
                    tickTimer = vertx.setPeriodic(settings.tickMs(), id -> tick());
                    scanTimer = vertx.setPeriodic(settings.fallbackScanMs(), id -> scan());
                    scan();
                });
    }

    // A sweep that outlives its tick is not started twice on this node; the next tick picks up the rest.
    private void tick() {
        if (ticking) {
            return;
        }
        ticking = true;
        escalations.sweepIndexed()
                .onFailure(e -> log.debug("indexed sweep failed: {}", e.getMessage()))
                .onComplete(r -> ticking = false);
    }

    private void scan() {
        if (scanning) {
            return;
        }
        scanning = true;
        escalations.sweepDatabase()
                .onSuccess(fired -> {
                    if (fired > 0) {
                        log.info("fallback scan fired {} escalation levels the index had not", fired);
                    }
                })
                .onFailure(e -> log.warn("fallback escalation scan failed: {}", e.getMessage()))
                // Follow-ups are due in business days: the scan's pace is plenty for them.
                .transform(r -> {
                    if (rebuildWanted) {
                        rebuildAfterOutage();
                    }
                    return escalations.announceDueFollowUps()
                            .onFailure(e -> log.warn("follow-up announcement failed: {}", e.getMessage()));
                })
                .onComplete(r -> scanning = false);
    }

    /**
     * Whatever was indexed while Redis was lost went nowhere, and a Redis that restarted has none of it; an index
     * that is not empty is no sign that it is whole. Until a rebuild succeeds, each fallback scan tries again.
     */
    private void rebuildAfterOutage() {
        escalations.rebuildIndex()
                .onSuccess(v -> rebuildWanted = false)
                .onFailure(e -> rebuildWanted = true)
                .onFailure(e -> log.warn("complaint deadline index not rebuilt after Redis came back ({}); the fallback scan covers until it is",
                        e.getMessage()));
    }

    @Override
    public Future<?> stop() {
        stopListening.run();
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(scanTimer);
        return Future.succeededFuture();
    }
}
