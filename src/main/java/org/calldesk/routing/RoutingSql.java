package org.calldesk.routing;

final class RoutingSql {

    private RoutingSql() {
    }

    static final String CALLS_IN_LAST_DAY = """
            SELECT count(*)::int AS n FROM calls
            WHERE customer_id = $1 AND entered_at > now() - interval '24 hours'
            """;
}
