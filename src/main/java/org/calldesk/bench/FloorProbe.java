package org.calldesk.bench;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.calldesk.app.Calldesk;
import org.calldesk.platform.Redis;

import org.calldesk.customers.CustomerCache;
import org.calldesk.customers.CustomerSql;

/**
 * The floor under a route: one prepared PostgreSQL point query by E.164 number, then one Redis read of a
 * cached customer card, in sequence, through the server's own {@link Pool} and {@link Redis} gateway. A cold
 * route can do no better: it reads the card cache and, missing, asks PostgreSQL, one after the other.
 */
final class FloorProbe {

    /** Nanoseconds of the PostgreSQL query and of the Redis read; cached: the read found a card. */
    record Result(long pgNanos, long redisNanos, boolean cached) {

        long totalNanos() {
            return pgNanos + redisNanos;
        }
    }

    private final Pool pg;
    private final Redis redis;
    private final String phoneOwnerSql;

    private FloorProbe(Pool pg, Redis redis, String phoneOwnerSql) {
        this.pg = pg;
        this.redis = redis;
        this.phoneOwnerSql = phoneOwnerSql;
    }

    static FloorProbe of(Calldesk server) {
        return new FloorProbe(server.pg(), server.redis(), CustomerSql.PHONE_OWNER);
    }

    /** One query for {@code number}; the Redis read is for {@code cachedNumber}, a caller whose card is cached. */
    Future<Result> probe(String number, String cachedNumber) {
        long started = System.nanoTime();
        return pg.preparedQuery(phoneOwnerSql).execute(Tuple.of(number)).compose(rows -> {
            long queried = System.nanoTime();
            // The cache's own read: one script that finds the current generation and the card, a single round trip.
            return redis.call(jedis -> CustomerCache.readByPhone(jedis, cachedNumber))
                    .map(card -> new Result(queried - started, System.nanoTime() - queried, card != null));
        });
    }
}
