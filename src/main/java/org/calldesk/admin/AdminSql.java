package org.calldesk.admin;

final class AdminSql {

    private AdminSql() {
    }

    static final String SETTINGS = "SELECT path, value FROM admin_settings ORDER BY path";

    static final String SETTING = "SELECT value FROM admin_settings WHERE path = $1 FOR UPDATE";

    static final String KEEP_SETTING = """
            INSERT INTO admin_settings (path, value, changed_by) VALUES ($1, $2, $3)
            ON CONFLICT (path) DO UPDATE SET value = EXCLUDED.value, changed_by = EXCLUDED.changed_by, changed_at = now()
            """;

    static final String DROP_SETTING = "DELETE FROM admin_settings WHERE path = $1";

    static final String AUDIT = """
            INSERT INTO admin_audit (actor, area, subject, action, before, after) VALUES ($1, $2, $3, $4, $5, $6)
            """;

    /** Newest first; $1 rows at most, $2 an area or null for all. */
    static final String AUDIT_TRAIL = """
            SELECT id, at, actor, area, subject, action, before, after FROM admin_audit
             WHERE $2::text IS NULL OR area = $2
             ORDER BY at DESC, id DESC LIMIT $1
            """;

    static final String AGENTS = """
            SELECT id, username, display_name, role, interface, queues, skills, team, active
              FROM agents ORDER BY active DESC, lower(username)
            """;

    static final String AGENT = """
            SELECT id, username, display_name, role, interface, queues, skills, team, active FROM agents WHERE id = $1
            """;

    /** A name left empty ($2 null) is the username, as at creation. */
    static final String UPDATE_PROFILE = """
            UPDATE agents SET display_name = COALESCE($2, username), role = $3, team = $4, skills = $5 WHERE id = $1
            RETURNING id, username, display_name, role, interface, queues, skills, team, active
            """;

    static final String SET_ACTIVE = """
            UPDATE agents SET active = $2 WHERE id = $1
            RETURNING id, username, display_name, role, interface, queues, skills, team, active
            """;

    static final String SET_PASSWORD = "UPDATE agents SET password_hash = $2 WHERE id = $1 RETURNING username";
}
