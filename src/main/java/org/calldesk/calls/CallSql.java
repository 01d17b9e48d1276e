package org.calldesk.calls;

/** The SQL of writing ended calls into the call log and the customer's history. */
public final class CallSql {

    private CallSql() {}

    /** The first end seen wins: a repeated or late end (e.g. "lost" after a resync) changes nothing. */
    static final String INSERT_CALL = """
        INSERT INTO calls (linkedid, caller_number, customer_id, queue, priority, tier, route_reason, ivr,
                           entered_at, answered_at, ended_at, agent_id, agent_interface, outcome,
                           wait_ms, talk_ms, missed_rings)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
        ON CONFLICT (linkedid) DO NOTHING
        RETURNING linkedid
        """;

    static final String INSERT_INTERACTION = """
        INSERT INTO interactions (customer_id, at, agent_id, kind, summary, linkedid, details)
        VALUES ($1, $2, $3, 'call', $4, $5, $6)
        ON CONFLICT (linkedid, kind) WHERE linkedid IS NOT NULL DO NOTHING
        """;

    public static final String CALL_BY_LINKEDID = """
        SELECT linkedid, caller_number, customer_id, queue, priority, tier, route_reason, ivr, entered_at,
               answered_at, ended_at, agent_id, agent_interface, outcome, wait_ms, talk_ms, missed_rings
          FROM calls
         WHERE linkedid = $1
        """;
}
