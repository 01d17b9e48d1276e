package org.calldesk.bench;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.complaints.Escalations;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SLA escalation: open critical complaints (24x7, 4 h resolution, levels at 3 h, 4 h and 6 h) written straight
 * to PostgreSQL as ComplaintStore would write them, the Redis deadline index rebuilt as at start-up, and a
 * set of them whose first level comes due, evenly spread, during the run. The delay is from a level's
 * deadline to its escalation message on {@code calldesk.notify}.
 */
final class SlaScenario implements Benchmark.Scenario {

    private static final String SUBJECT = "Bench complaint ";
    private static final int LEAD_MS = 10_000;
    private static final int GRACE_S = 5;

    /** Opened up to two hours ago, so no level of these comes due during the run. */
    private static final String INSERT = """
            INSERT INTO complaints (customer_id, category, severity, subject, description, status, tier, policy,
                                    first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                    resolution_due, at_risk_at, breach_at, next_escalation_at, escalation_dues, updated_at)
            SELECT $2 + g % $3, 'billing', 'critical', 'Bench complaint ' || g, 'written by the benchmark', 'new', 'bronze',
                   'critical/bronze: first response 30m, resolution 4h of 24x7 time', 1800, 14400, '24x7', o,
                   o + interval '30 minutes', o + interval '4 hours', o + interval '3 hours', o + interval '4 hours',
                   o + interval '3 hours', ARRAY[o + interval '3 hours', o + interval '4 hours', o + interval '6 hours'], o
            FROM generate_series(1, $1::int) AS g, LATERAL (SELECT now() - (g % 7200) * interval '1 second' AS o) t
            """;

    private static final String CREATED_EVENTS = """
            INSERT INTO complaint_events (complaint_id, at, actor, kind, to_status)
            SELECT id, opened_at, 'system', 'created', 'new' FROM complaints
            """;

    /** Moves the first N complaints' level 1 into the window: opened three hours before it comes due. */
    private static final String MAKE_DUE = """
            UPDATE complaints c SET opened_at = d - interval '3 hours', updated_at = d - interval '3 hours',
                   first_response_due = d - interval '150 minutes', resolution_due = d + interval '1 hour',
                   at_risk_at = d, breach_at = d + interval '1 hour', next_escalation_at = d,
                   escalation_dues = ARRAY[d, d + interval '1 hour', d + interval '3 hours']
            FROM (SELECT id, to_timestamp(($2::float8 + (id - $1) * $3::float8 / $4) / 1000.0) AS d
                  FROM complaints WHERE id BETWEEN $1 AND $1 + $4 - 1) due
            WHERE c.id = due.id
            RETURNING c.id, (extract(epoch FROM due.d) * 1000000)::bigint AS due_us
            """;

    @Override
    public Table run(Benchmark.Context ctx) {
        BenchOptions options = ctx.options();
        Pool pg = ctx.server().pg();
        Escalations escalations = ctx.server().complaints().escalations();
        Map<Long, Long> dueMicros = new ConcurrentHashMap<>();
        Map<Long, Integer> fired = new ConcurrentHashMap<>();
        Samples delay = new Samples();
        AtomicLong early = new AtomicLong();
        AtomicLong others = new AtomicLong();
        MessageConsumer<JsonObject> listener = ctx.serverVertx().eventBus().consumer(org.calldesk.web.Sockets.NOTIFY, msg -> {
            JsonObject message = msg.body().getJsonObject("message", new JsonObject());
            Instant now = Instant.now();
            Long id = message.getLong("complaintId");
            Long due = id == null ? null : dueMicros.get(id);
            if (!"escalation".equals(message.getString("type")) || due == null || message.getInteger("level", 0) != 1) {
                others.incrementAndGet();
                return;
            }
            fired.merge(id, 1, Integer::sum);
            long late = (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000) - due;
            if (late < 0) {
                early.incrementAndGet();
            }
            delay.add(late * 1000);
        });
        try {
            long t0 = System.nanoTime();
            Row range = Await.result(pg.query("SELECT min(id) AS lo, count(*) AS n FROM customers").execute(),
                    Duration.ofSeconds(30), "customer range").iterator().next();
            Await.result(pg.withTransaction(conn -> conn.preparedQuery(INSERT)
                            .execute(Tuple.of(options.slaComplaints(), range.getLong("lo"), range.getLong("n")))
                            .compose(v -> conn.query(CREATED_EVENTS).execute())),
                    Duration.ofMinutes(5), "inserting " + options.slaComplaints() + " complaints");
            String inserted = Benchmark.seconds(System.nanoTime() - t0);
            long firstId = Await.result(pg.query("SELECT min(id) AS id FROM complaints").execute(), Duration.ofSeconds(30),
                    "first complaint id").iterator().next().getLong("id");
            long windowStart = System.currentTimeMillis() + LEAD_MS;
            long windowMs = options.slaSeconds() * 1000L;
            Await.result(pg.preparedQuery(MAKE_DUE).execute(Tuple.of(firstId, windowStart, windowMs, options.slaDue())),
                    Duration.ofSeconds(30), "placing deadlines in the window")
                    .forEach(row -> dueMicros.put(row.getLong("id"), row.getLong("due_us")));
            long t1 = System.nanoTime();
            Await.result(escalations.rebuildIndex(), Duration.ofMinutes(2), "rebuilding the Redis deadline index");
            String rebuilt = Benchmark.seconds(System.nanoTime() - t1);
            if (System.currentTimeMillis() > windowStart) {
                throw new Await.BenchFailure("set-up took longer than the " + LEAD_MS + " ms lead: the first deadlines passed unwatched");
            }
            long waitUntil = windowStart + windowMs + GRACE_S * 1000L;
            Await.until(Duration.ofMillis(waitUntil - System.currentTimeMillis()), () -> false);
            // the fallback scan (every fallback_scan_s) would still pick up what the index missed: give it one round
            boolean all = Await.until(Duration.ofSeconds(35), () -> fired.size() >= dueMicros.size());
            long duplicates = fired.values().stream().filter(n -> n > 1).count();
            double[] ms = delay.millis();
            return new Table("sla", String.format(Locale.ROOT, "SLA escalation, %d open complaints, %d deadlines over %d s",
                    options.slaComplaints(), options.slaDue(), options.slaSeconds()))
                    .latency("level deadline -> escalation on calldesk.notify", delay)
                    .value("complaints inserted (SQL, with 'created' events)", options.slaComplaints() + " in " + inserted)
                    .value("Redis deadline index rebuilt (all pending)", rebuilt)
                    .value("escalations due / fired / before deadline / duplicated",
                            dueMicros.size() + " / " + fired.size() + " / " + early.get() + " / " + duplicates)
                    .value("other notifications (other complaints or levels)", others.get())
                    .budget("escalation <= 2 s after deadline", all && ms[3] <= 2000 && early.get() == 0 && duplicates == 0,
                            "max " + Table.ms(ms[3]) + " ms, " + (dueMicros.size() - fired.size()) + " not fired");
        } finally {
            Await.result(listener.unregister(), Duration.ofSeconds(10), "unregister listener");
            // The database is the benchmark's own: wipe the complaints (TRUNCATE, as the audit trail allows) and the index.
            Await.result(pg.query("TRUNCATE complaint_events, complaints").execute()
                    .compose(v -> escalations.rebuildIndex()), Duration.ofMinutes(1), "removing the bench complaints");
        }
    }
}
