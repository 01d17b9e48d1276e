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
}
