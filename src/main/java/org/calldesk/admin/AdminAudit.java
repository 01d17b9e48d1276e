package org.calldesk.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The audit trail of the admin pages: who changed what and when, with the values before and after, in PostgreSQL. */
public final class AdminAudit {

    /** One change as the audit page shows it. */
    public record Entry(long id, OffsetDateTime at, String actor, String area, String subject, String action,
                        Object before, Object after) {

        static Entry from(Row row) {
            return new Entry(row.getLong("id"), row.getOffsetDateTime("at"), row.getString("actor"), row.getString("area"),
                    row.getString("subject"), row.getString("action"), row.getValue("before"), row.getValue("after"));
        }

        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("at", at.toInstant().toString()).put("actor", actor)
                    .put("area", area).put("subject", subject).put("action", action)
                    .put("before", before).put("after", after);
        }

        /** What the page shows of a value: its JSON, or nothing. */
        public String beforeText() {
            return text(before);
        }

        public String afterText() {
            return text(after);
        }

        private static String text(Object value) {
            return value == null ? "" : value instanceof String s ? s : io.vertx.core.json.Json.encode(value);
        }
    }

    private final Pool pg;

    public AdminAudit(Pool pg) {
        this.pg = pg;
    }

    /** Writes one entry with the client given, so that it commits or rolls back with the change it records. */
    static Future<Void> record(SqlClient client, String actor, String area, String subject, String action,
                               Object before, Object after) {
        return client.preparedQuery(AdminSql.AUDIT)
                .execute(Tuple.of(actor, area, subject, action, before, after))
                .mapEmpty();
    }

    /** The newest entries first; {@code area} null for all. */
    public Future<List<Entry>> latest(int limit, String area) {
        return pg.preparedQuery(AdminSql.AUDIT_TRAIL).execute(Tuple.of(limit, area)).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.size());
            rows.forEach(row -> entries.add(Entry.from(row)));
            return entries;
        });
    }
}
