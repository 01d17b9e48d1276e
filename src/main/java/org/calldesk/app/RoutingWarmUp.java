package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.calldesk.customers.CustomerStore;
import org.calldesk.platform.Redis;
import org.calldesk.routing.CallRouter;
import org.calldesk.routing.RoutedCaller;
import org.calldesk.screenpop.Cards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The route path run before FastAGI takes its first call, so that the first callers after a start are decided within
 * the budget instead of sent down the default route. What is cold after a start: the code (class loading, the JIT),
 * each pooled PostgreSQL connection's prepared statements (every connection prepares its own, on first use), Redis
 * connections, and the pop card's encoding. Leaves nothing behind: no call is routed, nothing escalated, no card kept.
 */
final class RoutingWarmUp {

    private static final Logger log = LoggerFactory.getLogger(RoutingWarmUp.class);
    /** A well-formed number that is nobody's (the reserved +86 138 0000 0000): the unknown caller's path. */
    private static final String UNKNOWN_CALLER = "+8613800000000";
    private static final List<String> IVR = List.of("service", "complaint");
    private static final long REDIS_BARRIER_MS = 2000;

    private final Pool pg;
    private final int poolSize;
    private final Redis redis;
    private final int redisWorkers;
    private final CustomerStore customers;
    private final CallRouter router;
    private final Cards cards;

    RoutingWarmUp(Pool pg, int poolSize, Redis redis, int redisWorkers, CustomerStore customers, CallRouter router,
                  Cards cards) {
        this.pg = pg;
        this.poolSize = poolSize;
        this.redis = redis;
        this.redisWorkers = redisWorkers;
        this.customers = customers;
        this.router = router;
        this.cards = cards;
    }

    Future<Void> run() {
        long started = System.nanoTime();
        return callers()
                .compose(callers -> onEveryConnection(callers)
                        .compose(rehearsed -> redisConnections().map(rehearsed))
                        .compose(this::cardsRoundTrip))
                .onSuccess(v -> log.info("routing warmed up in {} ms ({} PostgreSQL connections, {} Redis workers)",
                        (System.nanoTime() - started) / 1_000_000, poolSize, redisWorkers));
    }

    /** Known callers (customer id by number) and the unknown one; the unknown one has no id. */
    private Future<Map<String, Long>> callers() {
        return pg.query(AppSql.WARM_UP_CALLERS).execute().map(rows -> {
            Map<String, Long> callers = new LinkedHashMap<>();
            for (Row row : rows) {
                callers.putIfAbsent(row.getString("e164"), row.getLong("customer_id"));
            }
            callers.put(UNKNOWN_CALLER, null);
            return callers;
        });
    }

    /**
     * Holds every pooled connection but one, and rehearses the route on that one; then the next. The pool hands a
     * query only a free connection, so each round prepares the route's statements on exactly one connection, whatever
     * statements the route uses.
     */
    private Future<List<RoutedCaller>> onEveryConnection(Map<String, Long> callers) {
        List<Future<SqlConnection>> opening = new ArrayList<>();
        for (int i = 0; i < poolSize; i++) {
            opening.add(pg.getConnection());
        }
        // Added to from whichever event loop a rehearsal completes on.
        List<RoutedCaller> rehearsed = Collections.synchronizedList(new ArrayList<>());
        return Future.join(opening).recover(e -> {
            opening.stream().filter(Future::succeeded).forEach(opened -> opened.result().close());
            return Future.failedFuture(e);
        }).compose(all -> {
            List<SqlConnection> held = new ArrayList<>(all.<SqlConnection>list());
            Future<Void> rounds = Future.succeededFuture();
            for (int i = 0; i < held.size(); i++) {
                int round = i;
                rounds = rounds
                        .compose(v -> held.get(round).close())
                        .compose(v -> rehearse(callers, rehearsed))
                        .compose(v -> pg.getConnection())
                        .map(again -> {
                            held.set(round, again);
                            return (Void) null;
                        });
            }
            return rounds.eventually(() -> Future.join(held.stream().map(SqlConnection::close).toList()));
        }).map(v -> List.copyOf(rehearsed));
    }

    /**
     * Each caller with the customer cache emptied first (so the card is read from PostgreSQL on this connection), then
     * again from the cache.
     */
    private Future<Void> rehearse(Map<String, Long> callers, List<RoutedCaller> rehearsed) {
        Future<Void> forgotten = Future.join(callers.values().stream().filter(id -> id != null)
                .map(id -> customers.forget(id).otherwiseEmpty()).toList()).mapEmpty();
        Future<Void> chain = forgotten;
        for (String ivr : IVR) {
            chain = chain.compose(v -> Future.all(callers.keySet().stream()
                    .map(number -> router.rehearse(number, ivr).onSuccess(rehearsed::add)).toList()).mapEmpty());
        }
        return chain;
    }

    /**
     * Every Redis worker at once, so that each opens its connection now: held at a barrier, so no worker's ping can
     * finish before another has taken a connection of its own.
     */
    private Future<Void> redisConnections() {
        CyclicBarrier together = new CyclicBarrier(redisWorkers);
        List<Future<Object>> pings = new ArrayList<>();
        for (int i = 0; i < redisWorkers; i++) {
            pings.add(redis.call(jedis -> {
                try {
                    together.await(REDIS_BARRIER_MS, TimeUnit.MILLISECONDS);
                } catch (Exception busy) {
                    // a worker busy elsewhere: the others still ping
                }
                return (Object) jedis.ping();
            }).otherwiseEmpty());
        }
        return Future.join(pings).mapEmpty();
    }

    /** The pop's card written to Redis, encoded and deleted again; the delete follows the write. */
    private Future<Void> cardsRoundTrip(List<RoutedCaller> rehearsed) {
        List<Future<Void>> forgotten = new ArrayList<>();
        for (int i = 0; i < rehearsed.size(); i++) {
            RoutedCaller r = rehearsed.get(i);
            String id = "warm-up-" + i;
            cards.prepare(new RoutedCaller(id, r.callerNumber(), r.ivr(), r.customer(), r.openComplaints(), r.decision()));
            forgotten.add(cards.forget(id));
        }
        return Future.join(forgotten).mapEmpty();
    }
}
