package org.calldesk.app;

/** The SQL of start-up, demo seeding and demo traffic. */
final class AppSql {

    private AppSql() {
    }

    static final String CUSTOMER_COUNT = "SELECT count(*) AS n FROM customers";

    static final String CUSTOMER_CONTACTS = "SELECT id, first_contact, last_contact FROM customers";

    static final String INSERT_INTERACTIONS = """
            INSERT INTO interactions (customer_id, at, agent_id, kind, summary)
            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[])
            """;

    /**
     * Real numbers to warm the route path with: a caller with an open complaint (so that the complaint rows are read
     * and reckoned too) and any caller, when there are such. Each branch stops at its first row.
     */
    static final String WARM_UP_CALLERS = """
            (SELECT p.e164, p.customer_id FROM complaints c JOIN customer_phones p ON p.customer_id = c.customer_id
             WHERE c.status NOT IN ('resolved', 'closed') LIMIT 1)
            UNION ALL
            (SELECT e164, customer_id FROM customer_phones LIMIT 1)
            """;

    /** The demo callers: the most valuable customers' numbers, with their tiers to weight the draw. */
    static final String DEMO_CALLERS = """
            SELECT p.e164, c.tier FROM customer_phones p JOIN customers c ON c.id = p.customer_id
            ORDER BY c.value DESC LIMIT 20000
            """;

    static final String PING = "SELECT 1";
}
