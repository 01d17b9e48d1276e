package org.calldesk.customers;

/** Every SQL statement of the customers feature. */
public final class CustomerSql {

    private CustomerSql() {
    }

    /** How many of these external ids ($1) are customers already: what a dry run of an import would update. */
    static final String KNOWN_EXTERNAL_IDS = "SELECT count(*) AS n FROM customers WHERE external_id = ANY($1)";

    static final String UPSERT_BATCH = """
            INSERT INTO customers (external_id, name, email, revenue_12m, cost_12m, first_contact, last_contact,
                                   account_manager_id, name_pinyin, name_initials)
            SELECT e, n, m, r::numeric, c::numeric, f::date, l::date, a::bigint, py, pi
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::text[])
                 AS t(e, n, m, r, c, f, l, a, py, pi)
            ON CONFLICT (external_id) DO UPDATE SET
                name = excluded.name, email = excluded.email, revenue_12m = excluded.revenue_12m,
                cost_12m = excluded.cost_12m, first_contact = excluded.first_contact,
                last_contact = excluded.last_contact, account_manager_id = excluded.account_manager_id,
                name_pinyin = excluded.name_pinyin, name_initials = excluded.name_initials, updated_at = now()
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
            INSERT INTO customers (external_id, name, email, tier, lifecycle, first_contact, last_contact, name_pinyin,
                                   name_initials)
            VALUES ($1, $2, $3, $4, 'new', current_date, current_date, $5, $6)
            RETURNING id
            """;

    static final String ADD_PHONE = """
            INSERT INTO customer_phones (e164, customer_id, raw) VALUES ($1, $2, $3)
            """;

    public static final String PHONE_OWNER = "SELECT customer_id FROM customer_phones WHERE e164 = $1";

    // --- search, edits, the change log and last contact (V18) ---

    /**
     * Customers by part of the name ($1, '%text%'), the start of its pinyin or initials ($2, 'text%' or ''), or part of
     * a number ($3, '%digits%' or ''); an exact name ($4) first, then by value. $5 rows from $6 on.
     */
    static final String SEARCH = """
            SELECT c.id, c.name, c.tier, c.value, c.lifecycle, c.do_not_call,
                   (SELECT min(p.e164) FROM customer_phones p WHERE p.customer_id = c.id) AS phone
            FROM customers c
            WHERE lower(c.name) LIKE $1
               OR ($2 <> '' AND (c.name_pinyin LIKE $2 OR c.name_initials LIKE $2))
               OR ($3 <> '' AND c.id IN (SELECT p.customer_id FROM customer_phones p WHERE p.e164 LIKE $3))
            ORDER BY (lower(c.name) = $4) DESC, c.value DESC, c.id
            LIMIT $5 OFFSET $6
            """;

    /** Locked, and skipping rows another node holds: several nodes filling in share the work rather than repeat it. */
    static final String WITHOUT_PINYIN = "SELECT id, name FROM customers WHERE name_pinyin IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";

    static final String SET_PINYIN = """
            UPDATE customers c SET name_pinyin = t.py, name_initials = t.pi
            FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(id, py, pi) WHERE c.id = t.id
            """;

    static final String LOCK_FOR_EDIT = """
            SELECT c.id, c.name, c.email, c.notes, c.do_not_call, c.account_manager_id, a.username AS am_username,
                   ARRAY(SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.e164) AS phones
            FROM customers c LEFT JOIN agents a ON a.id = c.account_manager_id
            WHERE c.id = $1 FOR UPDATE OF c
            """;

    static final String ACTIVE_AGENT = "SELECT id, username FROM agents WHERE lower(username) = lower($1) AND active";

    static final String OWNERS_OF = "SELECT e164, customer_id FROM customer_phones WHERE e164 = ANY($1::text[])";

    static final String REMOVE_PHONES = "DELETE FROM customer_phones WHERE customer_id = $1 AND e164 = ANY($2::text[])";

    static final String EDIT = """
            UPDATE customers SET name = $2, name_pinyin = $3, name_initials = $4, email = $5, notes = $6, do_not_call = $7,
                   account_manager_id = $8, updated_at = now()
            WHERE id = $1
            """;

    static final String LOG_CHANGE = """
            INSERT INTO customer_changes (customer_id, actor_id, actor, changes, reason) VALUES ($1, $2, $3, $4, $5)
            """;

    /** What the 360° page shows beyond the card: notes, do-not-call and the last changes. */
    static final String PROFILE = """
            SELECT c.notes, c.do_not_call,
                   (SELECT coalesce(json_agg(h ORDER BY h.at DESC, h.id DESC), '[]'::json)
                    FROM (SELECT x.id, x.at, x.actor, x.changes, x.reason FROM customer_changes x
                          WHERE x.customer_id = c.id ORDER BY x.at DESC, x.id DESC LIMIT 50) h) AS changes
            FROM customers c WHERE c.id = $1
            """;

    /** Staff to pick from (account managers, complaint owners): by username or display name. */
    static final String STAFF = """
            SELECT id, username, display_name, role FROM agents
            WHERE active AND (lower(username) LIKE $1 OR lower(display_name) LIKE $1)
            ORDER BY lower(username) = $2 DESC, display_name, username LIMIT $3
            """;

    /**
     * A call (or any interaction) today: last contact moves to today in the display time zone (the pool's), and the
     * lifecycle follows at once: whoever calls is not dormant or churned any more ($2: the days a customer is new).
     */
    static final String CONTACTED = """
            UPDATE customers SET last_contact = greatest(coalesce(last_contact, current_date), current_date),
                   first_contact = coalesce(first_contact, current_date),
                   lifecycle = CASE WHEN coalesce(first_contact, current_date) >= current_date - $2::int THEN 'new'
                                    ELSE 'active' END
            WHERE id = $1
            """;
}
