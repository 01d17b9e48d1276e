package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.calldesk.customers.CustomerStore;
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

/**
 * The route path run before FastAGI takes its first call, so that the first callers after a start are decided within
 * the budget instead of sent down the default route. What is cold after a start: the code (class loading, the JIT),
 * each pooled PostgreSQL connection's prepared statements (every connection prepares its own, on first use), the
 * customer cache's and the card's Redis round trips, and the card's encoding. Leaves nothing behind: no call is
 * routed, nothing escalated, no card kept.
 *
 * <p>Redis connections are not all opened here: the pool hands out the connection used last, so the route's reads find
 * one open (start-up's pings opened some), and every idle connection held open is one that fails once after Redis
 * restarts.
 */
final class RoutingWarmUp {

    private static final Logger log = LoggerFactory.getLogger(RoutingWarmUp.class);
    /** A well-formed number that is nobody's (the reserved +86 138 0000 0000): the unknown caller's path. */
    private static final String UNKNOWN_CALLER = "+8613800000000";
    private static final List<String> IVR = List.of("service", "complaint");

    private final Pool pg;
    private final int poolSize;
    private final CustomerStore customers;
    private final CallRouter router;
    private final Cards cards;

    RoutingWarmUp(Pool pg, int poolSize, CustomerStore customers, CallRouter router, Cards cards) {
        this.pg = pg;
        this.poolSize = poolSize;
        this.customers = customers;
        this.router = router;
        this.cards = cards;
    }

    Future<Void> run() {
        long started = System.nanoTime();
        return callers()
                .compose(callers -> onEveryConnection(callers).compose(this::cardsRoundTrip))
                .onSuccess(v -> log.info("routing warmed up in {} ms ({} PostgreSQL connections)",
                        (System.nanoTime() - started) / 1_000_000, poolSize));
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
        // The first round's rehearsals, for the cards; added to from whichever event loop a rehearsal completes on.
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
     * again from the cache. One at a time: together they would only open Redis connections that stay idle.
     */
    private Future<Void> rehearse(Map<String, Long> callers, List<RoutedCaller> rehearsed) {
        boolean keep = rehearsed.isEmpty();
        Future<Void> chain = Future.succeededFuture();
        for (Long id : callers.values()) {
            if (id != null) {
                chain = chain.compose(v -> customers.forget(id).otherwiseEmpty());
            }
        }
        for (String ivr : IVR) {
            for (String number : callers.keySet()) {
                chain = chain.compose(v -> router.rehearse(number, ivr).map(routed -> {
                    if (keep) {
                        rehearsed.add(routed);
                    }
                    return (Void) null;
                }));
            }
        }
        return chain;
    }

    /** The pop's card written to Redis, encoded and deleted again, one after the other; the delete follows the write. */
    private Future<Void> cardsRoundTrip(List<RoutedCaller> rehearsed) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < rehearsed.size(); i++) {
            RoutedCaller r = rehearsed.get(i);
            String id = "warm-up-" + i;
            chain = chain.compose(v -> {
                cards.prepare(new RoutedCaller(id, r.callerNumber(), r.ivr(), r.customer(), r.openComplaints(), r.decision()));
                return cards.forget(id);
            });
        }
        return chain;
    }
}
