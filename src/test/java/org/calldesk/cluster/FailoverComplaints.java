package org.calldesk.cluster;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Complaints written straight into the cluster's PostgreSQL with escalation deadlines seconds apart (the API counts
 * SLA targets in minutes at least), indexed in Redis as the server indexes its own, and what the cluster then did
 * with them: the audit trail's escalation and follow-up rows, the kept notifications, the notices a socket heard.
 * Nobody owns them, so every level and follow-up is told to the supervisors (the last level to the admins): an
 * admin's socket hears each one once.
 */
final class FailoverComplaints {

    /** The shipped escalation steps: owner, supervisors, managers; and the kept notification's kind of each. */
    static final int LEVELS = 3;
    private static final Map<Integer, String> KIND = Map.of(1, "sla-at-risk", 2, "sla-breach", 3, "sla-overdue");
    /** The Redis index of escalation deadlines (complaints.DeadlineIndex): member = id, score = epoch ms. */
    private static final String INDEX = "calldesk:complaints:deadlines";

    private static final String INSERT_ESCALATING = """
            INSERT INTO complaints (customer_id, category, severity, subject, description, status, policy,
                                    first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                    resolution_due, at_risk_at, breach_at, next_escalation_at, escalation_dues, updated_at)
            VALUES ($1, 'service', 'critical', $2, 'escalates across the failover', 'new', 'critical', 60, 60, '24x7', $3, $3,
                    ($4::timestamptz[])[2], ($4::timestamptz[])[1], ($4::timestamptz[])[2], ($4::timestamptz[])[1],
                    $4::timestamptz[], $3)
            RETURNING id
            """;

    private static final String INSERT_RESOLVED = """
            INSERT INTO complaints (customer_id, category, severity, subject, description, status, policy,
                                    first_response_target_s, resolution_target_s, calendar, opened_at, first_response_due,
                                    first_responded_at, resolved_at, follow_up_due, updated_at)
            VALUES ($1, 'service', 'critical', $2, 'follow-up across the failover', 'resolved', 'critical', 60, 60, '24x7',
                    $3, $3, $3, $3, $4, $3)
            RETURNING id
            """;

    private final Pool pool;
    private final String redisUrl;
    private final long customer;
    /** Each escalating complaint's id and its levels' due times; each follow-up's complaint and due time. */
    private final Map<Long, List<Instant>> escalating = new TreeMap<>();
    private final Map<Long, Instant> followUps = new TreeMap<>();

    FailoverComplaints(Pool pool, String redisUrl) throws Exception {
        this.pool = pool;
        this.redisUrl = redisUrl;
        this.customer = pool.query("SELECT min(id) AS id FROM customers").execute().await(10, TimeUnit.SECONDS)
                .iterator().next().getLong("id");
    }

    /** An open complaint whose levels fall due at {@code dues} (one per level), indexed as the server would. */
    long escalating(String subject, List<Instant> dues) throws Exception {
        OffsetDateTime[] at = dues.stream().map(FailoverComplaints::utc).toArray(OffsetDateTime[]::new);
        long id = pool.preparedQuery(INSERT_ESCALATING)
                .execute(Tuple.of(customer, subject, utc(dues.getFirst().minusSeconds(60)), at))
                .await(10, TimeUnit.SECONDS).iterator().next().getLong("id");
        escalating.put(id, List.copyOf(dues));
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.zadd(INDEX, dues.getFirst().toEpochMilli(), Long.toString(id));
        }
        return id;
    }

    /** A resolved complaint whose satisfaction follow-up falls due at {@code due}. */
    long followUp(String subject, Instant due) throws Exception {
        long id = pool.preparedQuery(INSERT_RESOLVED)
                .execute(Tuple.of(customer, subject, utc(due.minusSeconds(60)), utc(due)))
                .await(10, TimeUnit.SECONDS).iterator().next().getLong("id");
        followUps.put(id, due);
        return id;
    }

    /** Levels {@code dues} apart starting at {@code first}. */
    static List<Instant> dues(Instant first, Duration apart) {
        List<Instant> dues = new ArrayList<>();
        for (int level = 0; level < LEVELS; level++) {
            dues.add(first.plus(apart.multipliedBy(level)));
        }
        return dues;
    }

    /** What exactly once looks like: "complaint/level" (and "complaint/follow-up") → 1 for each one written so far. */
    Map<String, Long> once() {
        Map<String, Long> once = new TreeMap<>();
        escalating.forEach((id, dues) -> {
            for (int level = 1; level <= dues.size(); level++) {
                once.put(id + "/" + level, 1L);
            }
        });
        followUps.keySet().forEach(id -> once.put(id + "/follow-up", 1L));
        return once;
    }

    /** The audit trail's escalation and follow-up-due rows of these complaints, counted per level. */
    Map<String, Long> fired() throws Exception {
        Map<String, Long> fired = new TreeMap<>();
        for (Row row : pool.preparedQuery("""
                        SELECT complaint_id, kind, level, count(*) AS n FROM complaint_events
                        WHERE complaint_id = ANY($1) AND kind IN ('escalation', 'follow-up-due')
                        GROUP BY complaint_id, kind, level""")
                .execute(Tuple.of((Object) ids())).await(10, TimeUnit.SECONDS)) {
            fired.put(key(row.getLong("complaint_id"), row.getString("kind"), row.getInteger("level")), row.getLong("n"));
        }
        return fired;
    }

    /** The kept notifications (the bell) of these complaints, counted per level. */
    Map<String, Long> kept() throws Exception {
        Map<Long, String> byLink = new HashMap<>();
        for (Long id : ids()) {
            byLink.put(id, "/complaints/" + id);
        }
        Map<String, Long> kept = new TreeMap<>();
        for (Row row : pool.preparedQuery("""
                        SELECT link, kind, count(*) AS n FROM notifications
                        WHERE link = ANY($1) AND recipient_role = 'supervisor' GROUP BY link, kind""")
                .execute(Tuple.of((Object) byLink.values().toArray(String[]::new))).await(10, TimeUnit.SECONDS)) {
            long id = Long.parseLong(row.getString("link").substring("/complaints/".length()));
            String kind = row.getString("kind");
            Integer level = KIND.entrySet().stream().filter(e -> e.getValue().equals(kind)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            fired(kept, id, kind.equals("follow-up-due") ? "follow-up-due" : "escalation", level, row.getLong("n"));
        }
        return kept;
    }

    /** The escalation and follow-up notices among {@code frames} (a socket's), counted per level. */
    Map<String, Long> heard(List<JsonObject> frames) {
        Map<String, Long> heard = new TreeMap<>();
        for (JsonObject frame : frames) {
            Long id = frame.getLong("complaintId");
            String type = frame.getString("type", "");
            if (id != null && (escalating.containsKey(id) || followUps.containsKey(id))
                    && (type.equals("escalation") || type.equals("follow-up-due"))) {
                fired(heard, id, type, frame.getInteger("level"), 1);
            }
        }
        return heard;
    }

    /** Whether this frame is a notice about one of these complaints. */
    boolean about(JsonObject frame) {
        Long id = frame.getLong("complaintId");
        return id != null && (escalating.containsKey(id) || followUps.containsKey(id));
    }

    /** The complaints still short of their last level, or whose follow-up is not announced, with their state. */
    List<String> pending() throws Exception {
        List<String> pending = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                        SELECT id, escalation_level, next_escalation_at, follow_up_announced_at, follow_up_due FROM complaints
                        WHERE id = ANY($1)""").execute(Tuple.of((Object) ids())).await(10, TimeUnit.SECONDS)) {
            long id = row.getLong("id");
            if (escalating.containsKey(id) && (row.getInteger("escalation_level") != escalating.get(id).size()
                    || row.getValue("next_escalation_at") != null)) {
                pending.add(id + " at level " + row.getInteger("escalation_level") + ", next " + row.getValue("next_escalation_at"));
            }
            if (followUps.containsKey(id) && row.getValue("follow_up_announced_at") == null) {
                pending.add(id + " follow-up due " + row.getValue("follow_up_due") + " not announced");
            }
        }
        return pending;
    }

    /**
     * Begins a transaction on {@code conn} that writes complaint {@code id}'s level-{@code level} escalation event and
     * does not commit: a sweeper that claims that level then waits inside its claim (its UPDATE done, its own event
     * held up by the unique index of one event per level) until this transaction ends.
     */
    static Transaction holdLevel(SqlConnection conn, long id, int level) throws Exception {
        Transaction held = conn.begin().await(10, TimeUnit.SECONDS);
        conn.preparedQuery("""
                        INSERT INTO complaint_events (complaint_id, at, actor, kind, note, level)
                        VALUES ($1, $2, 'test', 'escalation', 'held by the test, rolled back', $3)""")
                .execute(Tuple.of(id, utc(Instant.now()), level)).await(10, TimeUnit.SECONDS);
        return held;
    }

    /** Moves complaint {@code id}'s next deadline (its first level's) to {@code at}, in PostgreSQL and in the index. */
    void dueAt(long id, Instant at) throws Exception {
        pool.preparedQuery("UPDATE complaints SET next_escalation_at = $2, escalation_dues[1] = $2 WHERE id = $1")
                .execute(Tuple.of(id, utc(at))).await(10, TimeUnit.SECONDS);
        try (Jedis jedis = new Jedis(URI.create(redisUrl))) {
            jedis.zadd(INDEX, at.toEpochMilli(), Long.toString(id));
        }
    }

    /**
     * The backends of the nodes' sweepers that wait on a lock for complaint work: application name (the node) → what
     * each waits in, "claimed" (its claim UPDATE done, its audit INSERT waiting) or "claiming" (its UPDATE waiting).
     */
    List<Map.Entry<String, String>> waiting() throws Exception {
        List<Map.Entry<String, String>> waiting = new ArrayList<>();
        for (Row row : pool.query("""
                        SELECT application_name, query, backend_xid IS NOT NULL AS wrote FROM pg_stat_activity
                        WHERE wait_event_type = 'Lock' AND application_name LIKE 'calldesk-%'""")
                .execute().await(10, TimeUnit.SECONDS)) {
            String query = row.getString("query").strip();
            if (query.startsWith("INSERT INTO complaint_events") && row.getBoolean("wrote")) {
                waiting.add(Map.entry(row.getString("application_name"), "claimed"));
            } else if (query.startsWith("UPDATE complaints c SET escalation_level")) {
                waiting.add(Map.entry(row.getString("application_name"), "claiming"));
            }
        }
        return waiting;
    }

    /** The backends a node (by application name) still has in PostgreSQL. */
    long backends(String applicationName) throws Exception {
        return pool.preparedQuery("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1")
                .execute(Tuple.of(applicationName)).await(10, TimeUnit.SECONDS).iterator().next().getLong("n");
    }

    private Long[] ids() {
        List<Long> ids = new ArrayList<>(escalating.keySet());
        ids.addAll(followUps.keySet());
        return ids.toArray(Long[]::new);
    }

    private static void fired(Map<String, Long> counts, long id, String kind, Integer level, long n) {
        counts.merge(key(id, kind, level), n, Long::sum);
    }

    private static String key(long id, String kind, Integer level) {
        return kind.equals("follow-up-due") ? id + "/follow-up" : id + "/" + level;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
