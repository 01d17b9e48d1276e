package org.calldesk.complaints;

/** Every SQL statement of the complaints feature. Times come from the service's clock, never now(). */
final class ComplaintSql {

    private ComplaintSql() {
    }

    private static final String OPEN = "c.status NOT IN ('resolved', 'closed')";

    private static final String SELECT = """
            SELECT c.*, cu.name AS customer_name, a.username AS owner
            FROM complaints c JOIN customers cu ON cu.id = c.customer_id LEFT JOIN agents a ON a.id = c.owner_id
            """;

    static final String CUSTOMER = "SELECT id, name, tier FROM customers WHERE id = $1";

    static final String AGENT_BY_USERNAME = "SELECT id, username FROM agents WHERE lower(username) = lower($1) AND active";

    static final String INSERT = """
            INSERT INTO complaints (customer_id, linkedid, category, severity, subject, description, status, owner_id,
                                    tier, policy, first_response_target_s, resolution_target_s, calendar, opened_at,
                                    first_response_due, resolution_due, at_risk_at, breach_at, next_escalation_at,
                                    escalation_dues, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'new', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $13)
            RETURNING id
            """;

    static final String INSERT_EVENT = """
            INSERT INTO complaint_events (complaint_id, at, actor_id, actor, kind, from_status, to_status, note, level, linkedid)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """;

    static final String BY_ID = SELECT + " WHERE c.id = $1";

    /** Changes to one complaint are serialised by its row lock, whichever node makes them. */
    static final String LOCK = SELECT + " WHERE c.id = $1 FOR UPDATE OF c";

    static final String HISTORY = """
            SELECT at, to_status FROM complaint_events
            WHERE complaint_id = $1 AND to_status IS NOT NULL ORDER BY at, id
            """;

    static final String EVENTS = """
            SELECT id, at, actor, kind, from_status, to_status, note, level, linkedid
            FROM complaint_events WHERE complaint_id = $1 ORDER BY at, id
            """;

    /**
     * A move's new state. $16 the business time to the first response (null before it); $17 the business time to
     * resolve when this move resolves it, else null: kept while it stays resolved or closed, cleared on a reopen ($9 null).
     */
    static final String UPDATE_STATE = """
            UPDATE complaints SET status = $2, resolution_due = $3, at_risk_at = $4, breach_at = $5,
                   next_escalation_at = $6, escalation_dues = $7, first_responded_at = $8, resolved_at = $9,
                   closed_at = $10, paused_s = $11, paused_since = $12, satisfaction = coalesce($13, satisfaction),
                   follow_up_due = $14, updated_at = $15,
                   follow_up_announced_at = CASE WHEN follow_up_due IS DISTINCT FROM $14 THEN NULL ELSE follow_up_announced_at END,
                   first_response_business_s = $16,
                   resolve_business_s = CASE WHEN $17::bigint IS NOT NULL THEN $17
                                             WHEN $9::timestamptz IS NULL THEN NULL ELSE resolve_business_s END
            WHERE id = $1
            """;

    /** Follow-up calls that reached no one since the complaint was last resolved ($2). */
    static final String FOLLOW_UP_ATTEMPTS = """
            SELECT count(*) AS n FROM complaint_events
            WHERE complaint_id = $1 AND kind = 'follow-up' AND to_status IS NULL AND at >= $2
            """;

    static final String ASSIGN = "UPDATE complaints SET owner_id = $2, updated_at = $3 WHERE id = $1";

    private static final String FILTER = """
             WHERE ($1::text IS NULL OR c.status = $1 OR ($1 = 'open' AND %s))
               AND ($2::text IS NULL OR lower(a.username) = lower($2))
               AND ($3::bigint IS NULL OR c.customer_id = $3)
               AND ($5::text IS NULL OR c.severity = $5)
               AND ($6::text IS NULL OR c.category = $6)
               AND ($7::text IS NULL OR coalesce(c.tier, 'unranked') = $7)
            """.formatted(OPEN);

    // finished complaints keep a breach time only as their verdict, so they sort after every open one
    static final String LIST_BY_DUE = SELECT + FILTER
            + " ORDER BY c.status IN ('resolved', 'closed'), c.breach_at ASC NULLS LAST, c.id LIMIT $4";

    static final String LIST_NEWEST = SELECT + FILTER + " ORDER BY c.opened_at DESC, c.id DESC LIMIT $4";

    /** The satisfaction calls to make, the most overdue first. */
    static final String LIST_FOLLOW_UPS = SELECT + FILTER + " AND c.follow_up_due IS NOT NULL ORDER BY c.follow_up_due, c.id LIMIT $4";

    static final String OPEN_FOR_CUSTOMER = SELECT + " WHERE c.customer_id = $1 AND " + OPEN
            + " ORDER BY c.breach_at ASC NULLS LAST, c.id";

    /** The same, found by one of the customer's numbers, so routing can ask before it knows who is calling. */
    static final String OPEN_FOR_PHONE = SELECT + " WHERE c.customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = $1) AND "
            + OPEN + " ORDER BY c.breach_at ASC NULLS LAST, c.id";

    /** The same for many numbers at once ($1, a text[]), each row with the number asked for. */
    static final String OPEN_FOR_PHONES = """
            SELECT asked.e164 AS asked_e164, c.*, cu.name AS customer_name, a.username AS owner
            FROM customer_phones asked JOIN complaints c ON c.customer_id = asked.customer_id
                 JOIN customers cu ON cu.id = c.customer_id LEFT JOIN agents a ON a.id = c.owner_id
            WHERE asked.e164 = ANY($1::text[]) AND %s
            ORDER BY c.breach_at ASC NULLS LAST, c.id
            """.formatted(OPEN);

    static final String MOST_URGENT_OPEN = SELECT + " WHERE c.customer_id = $1 AND " + OPEN
            + " ORDER BY c.breach_at ASC NULLS LAST, c.id LIMIT 1";

    static final String LOCK_MOST_URGENT_OPEN = MOST_URGENT_OPEN + " FOR UPDATE OF c";

    /** As {@link SlaSchedule#state}: a paused complaint is not at risk, but one that breached before the pause stays breached. */
    static final String FACTS = """
            SELECT count(*) AS open,
                   coalesce(bool_or(c.at_risk_at <= $2 AND c.status <> 'waiting_customer'), false) AS at_risk,
                   coalesce(bool_or(c.breach_at <= $2), false) AS breached
            FROM complaints c WHERE c.customer_id = $1 AND %s
            """.formatted(OPEN);

    // --- escalation sweeper ---

    static final String DUE = """
            SELECT id, escalation_level, next_escalation_at FROM complaints
            WHERE next_escalation_at <= $1 ORDER BY next_escalation_at LIMIT $2
            """;

    static final String DEADLINES_OF = "SELECT id, escalation_level, next_escalation_at FROM complaints WHERE id = ANY($1)";

    static final String ALL_DEADLINES = "SELECT id, next_escalation_at FROM complaints WHERE next_escalation_at IS NOT NULL";

    /**
     * The claim that fires a level: only the node whose UPDATE still sees a lower level fires it, so two
     * sweepers never fire one level twice. The next deadline is the following level's due time, if any.
     */
    private static final String RAISE = """
            UPDATE complaints c SET escalation_level = $2,
                   next_escalation_at = CASE WHEN cardinality(c.escalation_dues) >= $2 + 1 AND %s
                                             THEN c.escalation_dues[$2 + 1] END,
                   updated_at = $3
            WHERE c.id = $1 AND c.escalation_level < $2 %%s
            RETURNING c.id, c.customer_id, c.owner_id, c.escalation_level, c.subject, c.severity, c.status, c.breach_at, c.resolution_due,
                      c.next_escalation_at, (SELECT name FROM customers WHERE id = c.customer_id) AS customer_name
            """.formatted(OPEN);

    /** The sweeper's claim: also re-checks the deadline, which a transition may have moved since the read. */
    static final String CLAIM_DUE_LEVEL = RAISE.formatted("AND c.next_escalation_at <= $3");

    /** A repeat call raises the level whatever the deadline; the same condition keeps it once per level. */
    static final String RAISE_LEVEL = RAISE.formatted("");

    /**
     * The follow-ups that have fallen due, each claimed once: rows another node is claiming are skipped, the
     * claim and its audit event are one statement, so a follow-up is announced once or not at all.
     */
    static final String CLAIM_DUE_FOLLOW_UPS = """
            WITH due AS (
                UPDATE complaints c SET follow_up_announced_at = $1
                WHERE c.id IN (SELECT id FROM complaints
                               WHERE status = 'resolved' AND follow_up_announced_at IS NULL AND follow_up_due <= $1
                               ORDER BY follow_up_due LIMIT $2 FOR UPDATE SKIP LOCKED)
                  AND c.follow_up_announced_at IS NULL
                RETURNING c.id, c.customer_id, c.owner_id, c.subject, c.follow_up_due),
            trail AS (
                INSERT INTO complaint_events (complaint_id, at, actor, kind, note)
                SELECT id, $1, 'system', 'follow-up-due', 'satisfaction follow-up is due' FROM due)
            SELECT due.*, cu.name AS customer_name FROM due JOIN customers cu ON cu.id = due.customer_id
            ORDER BY due.follow_up_due
            """;

    // --- board ---

    static final String BOARD_CARDS = SELECT + " WHERE " + OPEN + " AND %s ORDER BY c.breach_at ASC NULLS LAST, c.id LIMIT $2";

    static final String BOARD_BREACHED = BOARD_CARDS.formatted("c.breach_at <= $1");

    static final String BOARD_AT_RISK = BOARD_CARDS.formatted(
            "(c.breach_at IS NULL OR c.breach_at > $1) AND c.at_risk_at <= $1 AND c.status <> 'waiting_customer'");

    static final String BOARD_ON_TRACK = BOARD_CARDS.formatted(
            "(c.breach_at IS NULL OR c.breach_at > $1) AND (c.at_risk_at IS NULL OR c.at_risk_at > $1 OR c.status = 'waiting_customer')");

    static final String BOARD_COUNTS = """
            SELECT 'category' AS dim, c.category AS key, count(*) AS n FROM complaints c WHERE %1$s GROUP BY c.category
            UNION ALL
            SELECT 'tier', coalesce(c.tier, 'unranked'), count(*) FROM complaints c WHERE %1$s GROUP BY c.tier
            UNION ALL
            SELECT 'owner', coalesce(a.username, 'unassigned'), count(*)
              FROM complaints c LEFT JOIN agents a ON a.id = c.owner_id WHERE %1$s GROUP BY a.username
            UNION ALL
            SELECT 'state', CASE WHEN c.breach_at <= $1 THEN 'breached'
                                 WHEN c.at_risk_at <= $1 AND c.status <> 'waiting_customer' THEN 'atRisk'
                                 ELSE 'onTrack' END, count(*)
              FROM complaints c WHERE %1$s GROUP BY 2
            """.formatted(OPEN);

    static final String WAITING_WITH_COMPLAINT = """
            SELECT DISTINCT ON (c.customer_id) c.customer_id, c.id, c.subject, c.status, c.breach_at, c.at_risk_at,
                   c.resolution_due, c.escalation_level
            FROM complaints c WHERE c.customer_id = ANY($1) AND %s
            ORDER BY c.customer_id, c.breach_at ASC NULLS LAST, c.id
            """.formatted(OPEN);

    // --- the business times' backfill (BusinessTimeBackfill) ---

    static final String BUSINESS_TIME_TRY_LOCK = "SELECT pg_try_advisory_lock(1919970421) AS locked";

    static final String BUSINESS_TIME_UNLOCK = "SELECT pg_advisory_unlock(1919970421)";

    /** The next complaints after id $1 answered or resolved without their business time stored, $2 at most. */
    static final String BUSINESS_TIME_TODO = """
            SELECT id, severity, tier, first_response_target_s, resolution_target_s, calendar, opened_at,
                   first_responded_at, resolved_at
            FROM complaints
            WHERE id > $1 AND ((resolved_at IS NOT NULL AND resolve_business_s IS NULL)
                               OR (first_responded_at IS NOT NULL AND first_response_business_s IS NULL))
            ORDER BY id LIMIT $2
            """;

    static final String BUSINESS_TIME_HISTORIES = """
            SELECT complaint_id, at, to_status FROM complaint_events
            WHERE complaint_id = ANY($1::bigint[]) AND to_status IS NOT NULL ORDER BY complaint_id, at, id
            """;

    /** Writes only what is still empty; a resolution only while the complaint is still resolved at that instant. */
    static final String BUSINESS_TIME_FILL = """
            UPDATE complaints c
            SET first_response_business_s = coalesce(c.first_response_business_s, v.first_response_s),
                resolve_business_s = CASE WHEN c.resolved_at = v.resolved_at THEN coalesce(c.resolve_business_s, v.resolve_s)
                                          ELSE c.resolve_business_s END
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::timestamptz[]) AS v(id, first_response_s, resolve_s, resolved_at)
            WHERE c.id = v.id
            """;
}
