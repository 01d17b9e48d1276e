package org.calldesk.calls;

/** The SQL of writing ended calls into the call log and the customer's history, heard live or read from the queue_log. */
public final class CallSql {

    private CallSql() {}

    /**
     * The first end seen wins: a repeated or late end (e.g. "lost" after a resync) changes nothing. A call is there
     * already when its Linkedid is, or its caller's Uniqueid (the same call read from the queue_log), hence no
     * conflict target. $20, the caller's E.164 number, is given when the route named no customer: the call then
     * gets the customer (and tier) that number belongs to, if any, in the same statement.
     */
    static final String INSERT_CALL = """
        INSERT INTO calls (linkedid, caller_number, customer_id, queue, priority, tier, route_reason, ivr,
                           entered_at, answered_at, ended_at, agent_id, agent_interface, outcome,
                           wait_ms, talk_ms, missed_rings, caller_uniqueid, reconciled_at)
        VALUES ($1, $2, coalesce($3, (SELECT customer_id FROM customer_phones WHERE e164 = $20)), $4, $5,
                coalesce($6, (SELECT c.tier FROM customer_phones p JOIN customers c ON c.id = p.customer_id
                               WHERE p.e164 = $20)),
                $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT DO NOTHING
        RETURNING linkedid, customer_id
        """;

    /**
     * The call's line in the customer's history, with the disposition and notes the agent saved while it ran (they
     * come before the call is stored), from its call_notes row if there is one, with who wrote them.
     */
    static final String INSERT_INTERACTION = """
        INSERT INTO interactions (customer_id, at, agent_id, kind, summary, linkedid, details)
        VALUES ($1, $2, $3, 'call', $4, $5, $6::jsonb || coalesce((
            SELECT jsonb_build_object('disposition', n.disposition, 'notes', n.notes, 'notes_by', g.username,
                                      'notes_by_name', g.display_name, 'notes_at', n.saved_at)
              FROM call_notes n LEFT JOIN agents g ON g.id = n.agent_id
             WHERE n.linkedid = $5), '{}'::jsonb))
        ON CONFLICT (linkedid, kind) WHERE linkedid IS NOT NULL DO NOTHING
        """;

    /**
     * The agent's disposition and notes kept in the call's history line ($1 the Linkedid, $2 disposition, $3 notes,
     * $4 the author's id): who wrote them and when, for the pop's history and the 360° page. Saved after the call was
     * stored, they are added here; saved before, {@link #INSERT_INTERACTION} takes them when the call is stored.
     */
    public static final String NOTES_INTO_HISTORY = """
        UPDATE interactions SET details = coalesce(details, '{}'::jsonb)
            || jsonb_build_object('disposition', $2::text, 'notes', $3::text,
                                  'notes_by', (SELECT username FROM agents WHERE id = $4),
                                  'notes_by_name', (SELECT display_name FROM agents WHERE id = $4), 'notes_at', now())
        WHERE linkedid = $1 AND kind = 'call'
        RETURNING customer_id
        """;

    /** Calls stored under any of these ids, as Linkedid or as the caller's Uniqueid; $1 is a text[]. */
    static final String CALLS_KNOWN = """
        SELECT linkedid, caller_uniqueid, outcome
          FROM calls
         WHERE linkedid = ANY($1) OR caller_uniqueid = ANY($1)
        """;

    /**
     * The real end of a call that was stored as lost (it ended while the AMI link was down), read from the
     * queue_log. Only a lost row changes, so the outcome is filled in once.
     */
    static final String FILL_IN_LOST = """
        UPDATE calls
           SET queue = coalesce($2, queue), answered_at = coalesce($3, answered_at), ended_at = $4,
               agent_id = coalesce($5, agent_id), agent_interface = coalesce($6, agent_interface), outcome = $7, wait_ms = $8, talk_ms = $9, missed_rings = greatest(missed_rings, $10),
               caller_uniqueid = coalesce(caller_uniqueid, $1), reconciled_at = now()
         WHERE (linkedid = $1 OR caller_uniqueid = $1) AND outcome = 'lost'
        RETURNING linkedid, customer_id, agent_id, agent_interface
        """;

    static final String FILL_IN_LOST_HISTORY = """
        UPDATE interactions SET at = $2, agent_id = $3, summary = $4, details = coalesce(details, '{}'::jsonb) || $5
         WHERE linkedid = $1 AND kind = 'call'
        """;

    /** How far the queue_log was read, under its source's name. */
    static final String QUEUE_LOG_POSITION = """
        SELECT file_id, file_head, position FROM queue_log_position WHERE source = $1
        """;

    static final String SAVE_QUEUE_LOG_POSITION = """
        INSERT INTO queue_log_position (source, file_id, file_head, position, last_time, updated_at)
        VALUES ($1, $2, $3, $4, $5, now())
        ON CONFLICT (source) DO UPDATE SET file_id = excluded.file_id, file_head = excluded.file_head,
            position = excluded.position, last_time = coalesce(excluded.last_time, queue_log_position.last_time),
            updated_at = now()
        """;

    public static final String CALL_BY_LINKEDID = """
        SELECT linkedid, caller_number, customer_id, queue, priority, tier, route_reason, ivr, entered_at,
               answered_at, ended_at, agent_id, agent_interface, outcome, wait_ms, talk_ms, missed_rings
          FROM calls
         WHERE linkedid = $1
        """;
}
