package org.calldesk.notifications;

/** Every statement of the notifications; all prepared. */
final class NotificationSql {

    private NotificationSql() {
    }

    static final String INSERT = """
            INSERT INTO notifications (recipient_agent_id, recipient_role, kind, text_key, args, link, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING id
            """;

    /**
     * What one person sees: addressed to them ($1), or to a role they hold or outrank ($2). Unacknowledged first, then
     * newest; $3 rows at most. The count of unacknowledged ones rides along on every row.
     */
    static final String VISIBLE = """
            SELECT n.id, n.kind, n.text_key, n.args, n.link, n.created_at, n.recipient_agent_id,
                   n.recipient_role, n.acknowledged_at, a.display_name AS acknowledged_by,
                   count(*) FILTER (WHERE n.acknowledged_at IS NULL) OVER () AS unread
            FROM notifications n
            LEFT JOIN agents a ON a.id = n.acknowledged_by
            WHERE n.recipient_agent_id = $1 OR n.recipient_role = ANY($2)
            ORDER BY (n.acknowledged_at IS NULL) DESC, n.id DESC
            LIMIT $3
            """;

    static final String UNREAD = """
            SELECT count(*) AS n FROM notifications
            WHERE acknowledged_at IS NULL AND (recipient_agent_id = $1 OR recipient_role = ANY($2))
            """;

    static final String ONE = """
            SELECT n.id, n.kind, n.text_key, n.args, n.link, n.created_at, n.recipient_agent_id,
                   n.recipient_role, n.acknowledged_at, a.display_name AS acknowledged_by
            FROM notifications n
            LEFT JOIN agents a ON a.id = n.acknowledged_by
            WHERE n.id = $1
            """;

    /** The first acknowledgement stands: a second one changes nothing. */
    static final String ACKNOWLEDGE = """
            UPDATE notifications SET acknowledged_at = $2, acknowledged_by = $3
            WHERE id = $1 AND acknowledged_at IS NULL
            """;

    /** Acknowledged before $1: done with. Unacknowledged ones are never deleted. */
    static final String PURGE = "DELETE FROM notifications WHERE acknowledged_at < $1";
}
