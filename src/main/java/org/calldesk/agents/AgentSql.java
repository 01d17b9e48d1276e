package org.calldesk.agents;

final class AgentSql {

    private AgentSql() {
    }

    static final String INSERT = """
            INSERT INTO agents (username, display_name, role, password_hash, interface, queues, skills, team)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id, username, display_name, role, interface, queues, skills, team
            """;

    static final String BY_USERNAME_WITH_HASH = """
            SELECT id, username, display_name, role, interface, queues, skills, team, password_hash
            FROM agents WHERE lower(username) = lower($1) AND active
            """;

    static final String LANGUAGE_OF = "SELECT language FROM agents WHERE id = $1";
    static final String SET_LANGUAGE = "UPDATE agents SET language = $2 WHERE id = $1";
    static final String ROLE_OF = "SELECT role FROM agents WHERE id = $1 AND active";

    static final String COUNT = "SELECT count(*) AS n FROM agents";

    static final String ALL = """
            SELECT id, username, display_name, role, interface, queues, skills, team
            FROM agents WHERE active ORDER BY username
            """;

    /** Who else has the interface ($1), as Asterisk compares them: without regard to case. */
    static final String INTERFACE_HOLDER = """
            SELECT username FROM agents WHERE lower(interface) = lower($1) AND id <> $2
            """;

    /** $2 says whether the interface changes (to $3, null = no phone); a null $4 keeps the queues. */
    static final String CHANGE_LINE = """
            UPDATE agents
               SET interface = CASE WHEN $2 THEN $3 ELSE interface END,
                   queues = COALESCE($4, queues)
             WHERE id = $1 AND active
            RETURNING id, username, display_name, role, interface, queues, skills, team
            """;

    /** Only if the hash is still the one verified ($2): a password changed meanwhile is not overwritten. */
    static final String REHASH = "UPDATE agents SET password_hash = $3 WHERE id = $1 AND password_hash = $2";

    /** The accounts among the usernames ($1) that are active ($2 true) or not ($2 false), with their hashes. */
    static final String HASHES = """
            SELECT id, username, password_hash FROM agents WHERE username = ANY($1) AND active = $2
            """;

    /** Out of use, and their phones free for someone else. */
    static final String DISABLE = """
            UPDATE agents SET active = false, interface = NULL WHERE id = ANY($1) AND active RETURNING username
            """;

    /** Back in use, each ($1) with its phone ($2) unless someone else has it meanwhile. */
    static final String ENABLE = """
            UPDATE agents a
               SET active = true,
                   interface = CASE WHEN d.iface IS NULL OR EXISTS (
                                    SELECT 1 FROM agents o WHERE lower(o.interface) = lower(d.iface)) THEN NULL
                               ELSE d.iface END
              FROM unnest($1::bigint[], $2::text[]) AS d(id, iface)
             WHERE a.id = d.id AND NOT a.active
            RETURNING a.username
            """;
}
