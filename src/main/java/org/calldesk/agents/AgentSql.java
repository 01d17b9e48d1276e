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

    static final String COUNT = "SELECT count(*) AS n FROM agents";
}
