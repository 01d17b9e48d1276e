package org.calldesk.agents;

final class AgentSql {

    private AgentSql() {
    }

    static final String COLUMNS = "id, username, display_name, role, interface, queues, skills, team";

    static final String INSERT = """
            INSERT INTO agents (username, display_name, role, password_hash, interface, queues, skills, team)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id, username, display_name, role, interface, queues, skills, team
            """;

    static final String BY_USERNAME_WITH_HASH = """
            SELECT id, username, display_name, role, interface, queues, skills, team, password_hash
            FROM agents WHERE lower(username) = lower($1) AND active
            """;

    static final String BY_ID = "SELECT " + COLUMNS + " FROM agents WHERE id = $1";

    static final String ALL = "SELECT " + COLUMNS + " FROM agents WHERE active ORDER BY role, username";

    static final String COUNT = "SELECT count(*) AS n FROM agents";

    static final String SET_PASSWORD = "UPDATE agents SET password_hash = $2 WHERE lower(username) = lower($1)";
}
