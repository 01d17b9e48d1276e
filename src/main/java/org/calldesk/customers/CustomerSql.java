package org.calldesk.customers;

/** Every SQL statement of the customers feature. */
public final class CustomerSql {

    private CustomerSql() {
    }

    /** How many of these external ids ($1) are customers already: what a dry run of an import would update. */
    static final String KNOWN_EXTERNAL_IDS = "SELECT count(*) AS n FROM customers WHERE external_id = ANY($1)";

    static final String UPSERT_BATCH = """
            INSERT INTO customers (external_id, name, email, revenue_12m, cost_12m, first_contact, last_contact,
                                   account_manager_id)
            SELECT e, n, m, r::numeric, c::numeric, f::date, l::date, a::bigint
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                 AS t(e, n, m, r, c, f, l, a)
            ON CONFLICT (external_id) DO UPDATE SET
                name = excluded.name, email = excluded.email, revenue_12m = excluded.revenue_12m,
                cost_12m = excluded.cost_12m, first_contact = excluded.first_contact,
                last_contact = excluded.last_contact, account_manager_id = excluded.account_manager_id,
                updated_at = now()
            RETURNING id, external_id, (xmax = 0) AS inserted
            """;

    static final String DELETE_PHONES_OF = "DELETE FROM customer_phones WHERE customer_id = ANY($1::bigint[])";

    static final String UPSERT_PHONES = """
            INSERT INTO customer_phones (e164, customer_id, raw)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
            ON CONFLICT (e164) DO UPDATE SET customer_id = excluded.customer_id, raw = excluded.raw
            """;

    /** The customer with phones, account manager and the last ten interactions, in one round trip. */
    private static final String CARD = """
            SELECT c.id, c.external_id, c.name, c.email, c.tier, c.value_rank, c.value, c.revenue_12m, c.cost_12m,
                   c.lifecycle, c.first_contact, c.last_contact,
                   ARRAY(SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.e164) AS phones,
                   a.id AS am_id, a.username AS am_username, a.display_name AS am_name, a.interface AS am_interface,
                   (SELECT coalesce(json_agg(h ORDER BY h.at DESC), '[]'::json)
                    FROM (SELECT i.id, i.at, i.kind, i.summary, i.linkedid, i.details, g.username AS agent
                          FROM interactions i LEFT JOIN agents g ON g.id = i.agent_id
                          WHERE i.customer_id = c.id ORDER BY i.at DESC, i.id DESC LIMIT 10) h) AS history
            FROM customers c LEFT JOIN agents a ON a.id = c.account_manager_id
            """;

    static final String CARD_BY_ID = CARD + " WHERE c.id = $1";

    static final String PHONES_OF = "SELECT array_agg(e164) AS phones FROM customer_phones WHERE customer_id = $1";

    static final String CARD_BY_PHONE = CARD + " WHERE c.id = (SELECT customer_id FROM customer_phones WHERE e164 = $1)";

    /** The cards of the customers owning any of the numbers ($1, a text[]), each row with the number asked for. */
    static final String CARDS_BY_PHONES = CARD.replaceFirst("^SELECT ", "SELECT asked.e164 AS asked_e164, ")
            + " JOIN customer_phones asked ON asked.customer_id = c.id WHERE asked.e164 = ANY($1::text[])";

    static final String SEARCH_BY_NAME = """
            SELECT c.id, c.name, c.tier, c.value, c.lifecycle,
                   (SELECT min(p.e164) FROM customer_phones p WHERE p.customer_id = c.id) AS phone
            FROM customers c
            WHERE lower(c.name) LIKE $1
            ORDER BY c.value DESC LIMIT $2
            """;

    static final String ALL_MANAGERS = "SELECT id, lower(username) AS username FROM agents";

    static final String COUNT = "SELECT count(*) AS n FROM customers";

    static final String RECLASSIFY = """
            WITH tiers AS (SELECT * FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS t(name, upto, ord)),
                 ranked AS (SELECT id, rank() OVER (ORDER BY value DESC) AS rk FROM customers),
                 target AS (SELECT r.id, r.rk,
                                   (SELECT t.name FROM tiers t WHERE r.rk <= t.upto ORDER BY t.ord LIMIT 1) AS tier
                            FROM ranked r)
            UPDATE customers c SET value_rank = g.rk, tier = g.tier
            FROM target g
            WHERE c.id = g.id AND (c.value_rank IS DISTINCT FROM g.rk OR c.tier IS DISTINCT FROM g.tier)
            """;

    static final String LIFECYCLE = """
            UPDATE customers SET lifecycle = s.stage
            FROM (SELECT id, CASE
                      WHEN coalesce(last_contact, first_contact) IS NULL THEN 'new'
                      WHEN coalesce(last_contact, first_contact) < current_date - $3::int THEN 'churned'
                      WHEN coalesce(last_contact, first_contact) < current_date - $2::int THEN 'dormant'
                      WHEN first_contact >= current_date - $1::int THEN 'new'
                      ELSE 'active' END AS stage
                  FROM customers) s
            WHERE customers.id = s.id AND customers.lifecycle IS DISTINCT FROM s.stage
            """;

    static final String TIER_COUNTS = "SELECT tier, count(*) AS n FROM customers GROUP BY tier";



    static final String CREATE = """
            INSERT INTO customers (external_id, name, email, tier, lifecycle, first_contact, last_contact)
            VALUES ($1, $2, $3, $4, 'new', current_date, current_date)
            RETURNING id
            """;

    static final String ADD_PHONE = """
            INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $3)
            """;

    public static final String PHONE_OWNER = "SELECT customer_id FROM customer_phones WHERE e164 = $1";
}
