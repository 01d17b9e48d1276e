package org.calldesk.worklist;

/** Every statement of the work list. {@code $me} is the signed-in agent's id, {@code $all} true for supervisors. */
final class WorkListSql {

    private WorkListSql() {
    }

    /**
     * Whether agent {@code me} may see and dial callback b ({@code all}: supervisors see every one): their queues',
     * their managed customers', those they dialled. Requests kept before V16 have no queue: everyone's, as they were.
     */
    private static String callbackVisible(String me, String all) {
        return """
                (%2$s OR b.queue IS NULL OR b.queue = ANY((SELECT a.queues FROM agents a WHERE a.id = %1$s)::text[])
                    OR b.claimed_by = %1$s OR b.done_by = %1$s
                    OR EXISTS (SELECT 1 FROM customers c WHERE c.id = b.customer_id AND c.account_manager_id = %1$s))
                """.formatted(me, all);
    }

    static final String EXPIRE_CALLBACKS = """
            UPDATE callbacks SET status = 'expired', last_outcome = coalesce(last_outcome, 'expired')
            WHERE status = 'pending' AND requested_at < $1
            """;

    /**
     * $1 limit, $2 since, $3 me, $4 all. Open ones first, best tier (priority) then oldest; then those finished since
     * $2, latest first.
     */
    static final String CALLBACKS = """
            SELECT b.id, b.caller_number, b.customer_id, c.name AS customer, b.tier, b.priority, b.queue, b.reason,
                   b.requested_at, b.status, b.attempts, b.next_attempt_at, b.last_attempt_at, b.last_outcome,
                   b.last_reason, d.display_name AS claimed_by_name, b.claimed_by, b.claimed_at
            FROM callbacks b
                LEFT JOIN customers c ON c.id = b.customer_id
                LEFT JOIN agents d ON d.id = b.claimed_by
            WHERE (b.status IN ('pending', 'dialling') OR b.last_attempt_at >= $2)
              AND """ + callbackVisible("$3", "$4") + """
            ORDER BY b.status IN ('pending', 'dialling') DESC,
                     CASE WHEN b.status IN ('pending', 'dialling') THEN b.priority END DESC,
                     CASE WHEN b.status IN ('pending', 'dialling') THEN b.requested_at END,
                     b.last_attempt_at DESC
            LIMIT $1
            """;

    /** $1 callback id, $2 agent, $3 all. */
    static final String CALLBACK_FOR = """
            SELECT b.id, b.status, b.next_attempt_at, b.requested_at, b.claimed_at, d.display_name AS claimed_by_name,
                   """ + callbackVisible("$2", "$3") + """
                   AS visible
            FROM callbacks b LEFT JOIN agents d ON d.id = b.claimed_by
            WHERE b.id = $1
            """;

    /**
     * Claims callback $1 for agent $2 at $4, once: pending and due (or claimed before $6 by an attempt whose outcome
     * never came), asked at or after $5 (not expired). Row locking makes a second claimer find it 'dialling'.
     */
    static final String CLAIM_CALLBACK = """
            UPDATE callbacks b SET status = 'dialling', claimed_by = $2, claimed_at = $4, attempts = b.attempts + 1,
                   last_attempt_at = $4
            WHERE b.id = $1
              AND ((b.status = 'pending' AND (b.next_attempt_at IS NULL OR b.next_attempt_at <= $4))
                   OR (b.status = 'dialling' AND b.claimed_at < $6))
              AND b.requested_at >= $5
              AND """ + callbackVisible("$2", "$3") + """
            RETURNING b.caller_number, b.customer_id, b.attempts
            """;

    /** The attempt reached the customer: done. $1 id, $2 agent, $3 when, $4 reason. */
    static final String CALLBACK_CONNECTED = """
            UPDATE callbacks SET status = 'done', done_at = $3, done_by = $2, claimed_by = NULL,
                   last_outcome = 'connected', last_reason = $4
            WHERE id = $1 AND status = 'dialling' AND claimed_by = $2
            """;

    /**
     * The attempt reached nobody: $3 'pending' again from $4 on, or 'failed' after the last attempt; $5 outcome,
     * $6 reason.
     */
    static final String CALLBACK_MISSED = """
            UPDATE callbacks SET status = $3, next_attempt_at = $4, claimed_by = NULL,
                   done_at = CASE WHEN $3 = 'failed' THEN now() END, last_outcome = $5, last_reason = $6
            WHERE id = $1 AND status = 'dialling' AND claimed_by = $2
            """;

    /** The agent's own phone was not reached: not the customer's attempt, so it is not counted. */
    static final String CALLBACK_RELEASED = """
            UPDATE callbacks SET status = 'pending', attempts = greatest(attempts - 1, 0), claimed_by = NULL,
                   last_outcome = $3, last_reason = $4
            WHERE id = $1 AND status = 'dialling' AND claimed_by = $2
            """;

    /**
     * An attempt's stage; the row is written by the first stage heard and updated until it is settled (writes of one
     * attempt may land out of order: a settled row is not changed again).
     */
    static final String ATTEMPT_STAGE = """
            INSERT INTO call_attempts (id, agent_id, number, customer_id, callback_id, complaint_id, item_id, started_at,
                                       stage, outcome, reason, settled_at)
            VALUES ($1, $2, $3, (SELECT p.customer_id FROM customer_phones p WHERE p.e164 = $3), $4, $5, $6, $7, $8, $9,
                    $10, $11)
            ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, outcome = excluded.outcome, reason = excluded.reason,
                settled_at = excluded.settled_at
            WHERE call_attempts.settled_at IS NULL
            """;

    static final String ATTEMPT = """
            SELECT id, agent_id, number, customer_id, callback_id, complaint_id, item_id, started_at, stage, outcome,
                   reason, settled_at
            FROM call_attempts WHERE id = $1
            """;

    /** Satisfaction follow-ups due by $2 and not yet scored: agent $1's own ($3: everyone's). */
    static final String FOLLOW_UPS = """
            SELECT k.id, k.subject, k.customer_id, c.name AS customer, c.tier, k.follow_up_due, k.resolved_at,
                   o.display_name AS owner,
                   (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = k.customer_id ORDER BY p.e164 LIMIT 1) AS phone,
                   (SELECT count(*) FROM call_attempts a WHERE a.complaint_id = k.id)::int AS attempts,
                   l.outcome AS last_outcome, l.reason AS last_reason, l.started_at AS last_attempt_at
            FROM complaints k
                JOIN customers c ON c.id = k.customer_id
                LEFT JOIN agents o ON o.id = k.owner_id
                LEFT JOIN LATERAL (SELECT a.outcome, a.reason, a.started_at FROM call_attempts a
                                   WHERE a.complaint_id = k.id ORDER BY a.started_at DESC LIMIT 1) l ON true
            WHERE k.status = 'resolved' AND k.satisfaction IS NULL AND k.follow_up_due <= $2
              AND ($3 OR k.owner_id = $1)
            ORDER BY k.follow_up_due
            LIMIT $4
            """;

    /** The complaint a follow-up call is about, if agent $2 owns it ($3: supervisors may call any). */
    static final String FOLLOW_UP_FOR = """
            SELECT k.id, k.customer_id, ($3 OR k.owner_id = $2) AS visible,
                   (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = k.customer_id ORDER BY p.e164 LIMIT 1) AS phone
            FROM complaints k WHERE k.id = $1
            """;

    private static final String ITEM_COLUMNS = """
            SELECT i.id, i.kind, i.ref, i.at, i.customer_id, c.name AS customer, c.tier, m.display_name AS manager,
                   (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = i.customer_id ORDER BY p.e164 LIMIT 1) AS phone,
                   (SELECT k.outcome FROM calls k WHERE i.kind = 'call' AND k.linkedid = i.ref) AS call_outcome,
                   x.id AS complaint_id, x.subject
            FROM account_items i
                JOIN customers c ON c.id = i.customer_id
                JOIN agents m ON m.id = i.agent_id
                LEFT JOIN LATERAL (
                    SELECT x.id, x.subject FROM complaints x
                    WHERE x.id = CASE i.kind
                        WHEN 'complaint' THEN i.ref::bigint
                        WHEN 'escalation' THEN (SELECT e.complaint_id FROM complaint_events e
                                                WHERE e.id = CASE WHEN i.kind = 'escalation' THEN i.ref::bigint END)
                        END) x ON true
            """;

    /** Open items of agent $1 ($2: every manager's), oldest first. */
    static final String ITEMS = ITEM_COLUMNS + """
            WHERE i.done_at IS NULL AND ($2 OR i.agent_id = $1)
            ORDER BY i.at
            LIMIT $3
            """;

    /** Claims up to $2 items no screen has been told of yet, at $1, once across nodes. */
    static final String CLAIM_NEW_ITEMS = """
            UPDATE account_items i SET notified_at = $1
            FROM customers c
            WHERE c.id = i.customer_id
              AND i.id IN (SELECT n.id FROM account_items n WHERE n.notified_at IS NULL ORDER BY n.id LIMIT $2
                           FOR UPDATE SKIP LOCKED)
            RETURNING i.id, i.agent_id, i.kind, i.customer_id, c.name AS customer
            """;

    static final String ITEM_FOR = """
            SELECT i.id, i.customer_id, ($3 OR i.agent_id = $2) AS visible,
                   (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = i.customer_id ORDER BY p.e164 LIMIT 1) AS phone
            FROM account_items i WHERE i.id = $1
            """;

    static final String ITEM_DONE = """
            UPDATE account_items SET done_at = now(), done_by = $2
            WHERE id = $1 AND done_at IS NULL AND ($3 OR agent_id = $2)
            RETURNING id
            """;

    /** The customers agent $1 manages, most valuable first. */
    static final String ACCOUNTS = """
            SELECT c.id, c.name, c.tier, c.value, c.lifecycle,
                   greatest(c.last_contact, (SELECT max(k.ended_at) FROM calls k WHERE k.customer_id = c.id)::date) AS last_contact,
                   (SELECT count(*) FROM complaints k WHERE k.customer_id = c.id
                        AND k.status NOT IN ('resolved', 'closed'))::int AS open_complaints,
                   (SELECT count(*) FROM account_items i WHERE i.customer_id = c.id AND i.agent_id = $1
                        AND i.done_at IS NULL)::int AS open_items
            FROM customers c
            WHERE c.account_manager_id = $1
            ORDER BY c.value DESC, c.id
            LIMIT $2
            """;

    static final String AGENT_BY_USERNAME = "SELECT id, display_name FROM agents WHERE username = $1";
}
