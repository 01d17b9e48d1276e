package org.calldesk.board;

/** Every statement the queue wallboard runs; all prepared, figures aggregated in PostgreSQL. */
final class BoardSql {

    private BoardSql() {
    }

    /**
     * Per configured queue, the rolling window ($3) and today ($4) in one pass over today's calls.
     * $1 queue names, $2 their service-level thresholds in ms (same order). Calls count by when they
     * were offered ({@code entered_at}, which the (queue, entered_at) index serves). Only calls that
     * reached a queue are offered: those that ended in the IVR or were lost in an AMI outage are not.
     * Answered within the threshold is {@code wait_ms <= threshold}, as Asterisk's own service level.
     * The casts are needed: inside LEAST() PostgreSQL would otherwise infer the parameters as text.
     */
    static final String CALLBACKS_PENDING = "SELECT count(*) AS n FROM callbacks WHERE status = 'pending'";

    static final String QUEUE_FIGURES = """
            SELECT q.name,
                   count(*) FILTER (WHERE k.entered_at >= $3) AS w_offered,
                   count(*) FILTER (WHERE k.entered_at >= $3 AND k.outcome = 'answered') AS w_answered,
                   count(*) FILTER (WHERE k.entered_at >= $3 AND k.outcome = 'abandoned') AS w_abandoned,
                   count(*) FILTER (WHERE k.entered_at >= $3 AND k.outcome = 'answered' AND k.wait_ms <= q.sl_ms) AS w_within,
                   round(avg(k.wait_ms) FILTER (WHERE k.entered_at >= $3 AND k.outcome = 'answered'))::bigint AS w_asa_ms,
                   count(*) FILTER (WHERE k.entered_at >= $4) AS d_offered,
                   count(*) FILTER (WHERE k.entered_at >= $4 AND k.outcome = 'answered') AS d_answered,
                   count(*) FILTER (WHERE k.entered_at >= $4 AND k.outcome = 'abandoned') AS d_abandoned,
                   count(*) FILTER (WHERE k.entered_at >= $4 AND k.outcome = 'answered' AND k.wait_ms <= q.sl_ms) AS d_within,
                   round(avg(k.wait_ms) FILTER (WHERE k.entered_at >= $4 AND k.outcome = 'answered'))::bigint AS d_asa_ms
            FROM unnest($1::text[], $2::bigint[]) AS q(name, sl_ms)
            LEFT JOIN calls k ON k.queue = q.name
                 AND k.entered_at >= LEAST($3::timestamptz, $4::timestamptz) AND k.entered_at <= $5::timestamptz
                 AND k.outcome IN ('answered', 'abandoned', 'no_answer')
            GROUP BY q.name
            """;

    /**
     * Asterisk does not report wrap-up as a member state, so it is read back from the calls table: each
     * interface's last answered call that ended since $2. $1 bounds {@code entered_at} so the index is
     * used; no call worth a wrap-up lasts longer than that.
     */
    static final String LAST_ANSWERED_BY_INTERFACE = """
            SELECT DISTINCT ON (lower(agent_interface)) agent_interface, queue, ended_at
            FROM calls
            WHERE outcome = 'answered' AND agent_interface IS NOT NULL AND entered_at >= $1 AND ended_at >= $2
            ORDER BY lower(agent_interface), ended_at DESC
            """;

    /** Names of the waiting customers ($1), and whether each has an open complaint (as the partial index defines open). */
    static final String WAITING_CUSTOMERS = """
            SELECT cu.id, cu.name,
                   EXISTS (SELECT 1 FROM complaints c
                           WHERE c.customer_id = cu.id AND c.status NOT IN ('resolved', 'closed')) AS open_complaint
            FROM customers cu
            WHERE cu.id = ANY($1)
            """;
}
