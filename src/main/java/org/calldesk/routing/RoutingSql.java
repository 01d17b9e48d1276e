package org.calldesk.routing;

final class RoutingSql {

    private RoutingSql() {
    }

    static final String CALLS_IN_LAST_DAY = """
            SELECT count(*)::int AS n FROM calls
            WHERE customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = $1)
              AND entered_at > now() - interval '24 hours'
            """;

    static final String REQUEST_CALLBACK = """
            INSERT INTO callbacks (caller_number, customer_id, tier, priority, reason) VALUES ($1, $2, $3, $4, $5)
            RETURNING id
            """;

    static final String PENDING_CALLBACKS = """
            SELECT b.id, b.caller_number, b.customer_id, c.name AS customer, b.tier, b.priority, b.reason, b.requested_at
            FROM callbacks b LEFT JOIN customers c ON c.id = b.customer_id
            WHERE b.status = 'pending'
            ORDER BY b.priority DESC, b.requested_at
            LIMIT $1
            """;

    static final String CALLBACK_DONE = """
            UPDATE callbacks SET status = 'done', done_at = now(), done_by = $2
            WHERE id = $1 AND status = 'pending'
            RETURNING id
            """;
}
