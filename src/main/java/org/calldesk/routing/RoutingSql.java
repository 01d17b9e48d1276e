package org.calldesk.routing;

final class RoutingSql {

    private RoutingSql() {
    }

    /** For each of the numbers ($1, a text[]) that belongs to a customer: that customer's calls in the last 24 h. */
    static final String CALLS_IN_LAST_DAY = """
            SELECT p.e164, (SELECT count(*)::int FROM calls k
                            WHERE k.customer_id = p.customer_id AND k.entered_at > now() - interval '24 hours') AS n
            FROM customer_phones p
            WHERE p.e164 = ANY($1::text[])
            """;

    static final String REQUEST_CALLBACK = """
            INSERT INTO callbacks (caller_number, customer_id, tier, priority, reason, linkedid, requested_at, queue)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id
            """;

    /** Agent $2 sees the requests of their queues and of the customers they manage; $3 (supervisors) all. */
    static final String PENDING_CALLBACKS = """
            SELECT b.id, b.caller_number, b.customer_id, c.name AS customer, b.tier, b.priority, b.reason, b.requested_at
            FROM callbacks b LEFT JOIN customers c ON c.id = b.customer_id
            WHERE b.status = 'pending'
              AND ($3 OR b.queue IS NULL OR b.queue = ANY((SELECT a.queues FROM agents a WHERE a.id = $2)::text[])
                   OR c.account_manager_id = $2)
            ORDER BY b.priority DESC, b.requested_at
            LIMIT $1
            """;

    static final String CALLBACK_DONE = """
            UPDATE callbacks b SET status = 'done', done_at = now(), done_by = $2
            WHERE b.id = $1 AND b.status = 'pending'
              AND ($3 OR b.queue IS NULL OR b.queue = ANY((SELECT a.queues FROM agents a WHERE a.id = $2)::text[])
                   OR EXISTS (SELECT 1 FROM customers c WHERE c.id = b.customer_id AND c.account_manager_id = $2))
            RETURNING b.id
            """;

    /**
     * Decisions, one per element of the arrays, at most one per channel. A second run of the route script for the same
     * channel (the caller went back to the menu) is the one in force.
     */
    static final String RECORD_DECISIONS = """
            INSERT INTO route_decisions (uniqueid, linkedid, caller_number, customer_id, tier, priority, queue, reason, ivr,
                                         agent, greeting)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::text[])
            ON CONFLICT (uniqueid) DO UPDATE SET linkedid = excluded.linkedid, caller_number = excluded.caller_number,
                customer_id = excluded.customer_id, tier = excluded.tier, priority = excluded.priority,
                queue = excluded.queue, reason = excluded.reason, ivr = excluded.ivr, agent = excluded.agent,
                greeting = excluded.greeting, decided_at = now()
            """;

    /** By the caller's channel first; by the call when only the Linkedid is known. The latest decision wins. */
    static final String DECISION_OF = """
            SELECT uniqueid, linkedid, caller_number, customer_id, tier, priority, queue, reason, ivr, agent, greeting,
                   decided_at
            FROM route_decisions
            WHERE uniqueid = $1 OR linkedid = $2
            ORDER BY (uniqueid = $1) IS TRUE DESC, decided_at DESC
            LIMIT 1
            """;

    static final String PURGE_DECISIONS = "DELETE FROM route_decisions WHERE decided_at < $1";
}
