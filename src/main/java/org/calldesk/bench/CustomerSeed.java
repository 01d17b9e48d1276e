package org.calldesk.bench;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;

/**
 * Seeds customers straight into PostgreSQL with generate_series: a Pareto-shaped value curve (alpha 1.16, as
 * the demo data), tiers and ranks set as the reclassification would set them, one mobile number and one
 * past call each. Customer {@code n} (1-based) has the number {@link #phone(long)}.
 */
final class CustomerSeed {

    private static final int CHUNK = 200_000;

    /** Rank n of N: value falls with rank like the demo data's Pareto draw; tiers by rank share (1/19/30/50 %). */
    private static final String CUSTOMERS = """
            INSERT INTO customers (external_id, name, email, revenue_12m, cost_12m, tier, value_rank,
                                   first_contact, last_contact, lifecycle)
            SELECT 'B' || lpad(g::text, 8, '0'), 'Bench Customer ' || g, 'c' || g || '@example.cn',
                   round(least(2000000, 800 * power($3::float8 / g, 1 / 1.16))::numeric, 2),
                   round((150 + 0.1 * least(2000000, 800 * power($3::float8 / g, 1 / 1.16)))::numeric, 2),
                   CASE WHEN g <= $3 * 0.01 THEN 'platinum' WHEN g <= $3 * 0.20 THEN 'gold'
                        WHEN g <= $3 * 0.50 THEN 'silver' ELSE 'bronze' END,
                   g, current_date - (400 + g % 900)::int, current_date - (g % 120)::int, 'active'
            FROM generate_series($1::bigint, $2::bigint) AS g
            """;

    private static final String PHONES = """
            INSERT INTO customer_phones (e164, customer_id, raw)
            SELECT '+86139' || substr(external_id, 2), id, '139 ' || substr(external_id, 2, 4) || ' ' || substr(external_id, 6)
            FROM customers WHERE external_id BETWEEN 'B' || lpad(($1::bigint)::text, 8, '0') AND 'B' || lpad(($2::bigint)::text, 8, '0')
            """;

    private static final String HISTORY = """
            INSERT INTO interactions (customer_id, at, kind, summary)
            SELECT id, now() - (id % 700) * interval '1 day', 'call', 'asked about an invoice'
            FROM customers WHERE external_id BETWEEN 'B' || lpad(($1::bigint)::text, 8, '0') AND 'B' || lpad(($2::bigint)::text, 8, '0')
            """;

    private CustomerSeed() {
    }

    /** The E.164 number of bench customer n: +86 139 and n in eight digits, a valid China Mobile number. */
    static String phone(long n) {
        return String.format("+86139%08d", n);
    }

    /** Seeds customers 1..count in chunks, each in one transaction; returns the time it took. */
    static Duration seed(Pool pg, int count) {
        long started = System.nanoTime();
        for (long from = 1; from <= count; from += CHUNK) {
            long to = Math.min(count, from + CHUNK - 1);
            Tuple range = Tuple.of(from, to, (long) count);
            Tuple ids = Tuple.of(from, to);
            Await.result(pg.withTransaction(conn -> conn.preparedQuery(CUSTOMERS).execute(range)
                    .compose(v -> conn.preparedQuery(PHONES).execute(ids))
                    .compose(v -> conn.preparedQuery(HISTORY).execute(ids))), Duration.ofMinutes(10), "seeding customers " + from + ".." + to);
            System.err.printf("seeded customers up to %d (%d s)%n", to, (System.nanoTime() - started) / 1_000_000_000);
        }
        Await.result(pg.query("ANALYZE customers, customer_phones, interactions").execute(), Duration.ofMinutes(5), "ANALYZE");
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
