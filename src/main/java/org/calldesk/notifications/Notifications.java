package org.calldesk.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.web.Messages;
import org.calldesk.web.Sockets;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The persistent notification list. {@link #notify} keeps a notification in PostgreSQL and then tells its recipients'
 * open pages over the WebSocket channel ({@code {"type":"notification","id":…,"kind":…}}), so a page that was closed
 * finds it in the list later. The text is a message key with arguments, rendered in each reader's language when read.
 * A notification is acknowledged once (who and when kept) by the agent it was for, or by a supervisor or admin who can
 * see it; its recipients hear {@code {"type":"notification-ack","id":…}}.
 */
public final class Notifications {

    /** A link is a path on this server: a notification never sends anyone elsewhere. */
    private static final Pattern LINK = Pattern.compile("/[A-Za-z0-9/_.?=&%-]*");
    private static final Pattern KIND = Pattern.compile("[a-z0-9-]{1,40}");
    static final int MAX_LIST = 200;

    private final Vertx vertx;
    private final Pool pg;
    private final Clock clock;

    public Notifications(Vertx vertx, Pool pg, Clock clock) {
        this.vertx = vertx;
        this.pg = pg;
        this.clock = clock;
    }

    /**
     * Keeps a notification for {@code to} and tells their open pages. {@code textKey} is a key of the message bundles
     * (both languages), filled with {@code args} in order; {@code link} a path on this server or null. Completes with
     * the new notification's id once it is committed.
     */
    public Future<Long> notify(Recipient to, String kind, String textKey, List<?> args, String link) {
        return notify(pg, to, kind, textKey, args, link);
    }

    /**
     * As {@link #notify(Recipient, String, String, List, String)}, kept through {@code client}: on the connection of
     * a transaction, the notification is kept with that transaction (what claims it is kept with it, or neither) and
     * its recipients' pages are told once it commits, nothing if it rolls back. The id is the row's, not yet
     * committed then.
     */
    public Future<Long> notify(SqlClient client, Recipient to, String kind, String textKey, List<?> args, String link) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            return Future.failedFuture(new IllegalArgumentException("kind must be 1–40 of a-z, 0-9 and -, got " + kind));
        }
        if (textKey == null || !Messages.get().has(textKey)) {
            return Future.failedFuture(new IllegalArgumentException("no message key '" + textKey + "' in the bundles"));
        }
        if (link != null && (!LINK.matcher(link).matches() || link.startsWith("//"))) {
            return Future.failedFuture(new IllegalArgumentException("link must be a path on this server, got " + link));
        }
        JsonArray arguments = new JsonArray();
        (args == null ? List.of() : args).forEach(a -> arguments.add(a instanceof Number || a == null ? a : String.valueOf(a)));
        Tuple row = Tuple.of(to.agentId(), to.role() == null ? null : to.role().label(), kind, textKey,
                arguments, link, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        return client.preparedQuery(NotificationSql.INSERT).execute(row).map(rows -> {
            long id = rows.iterator().next().getLong("id");
            JsonObject told = new JsonObject().put("type", "notification").put("id", id).put("kind", kind);
            Transaction tx = client instanceof SqlConnection conn ? conn.transaction() : null;
            if (tx == null) {
                tell(to, told);
            } else {
                // a page told before the commit would read a list without it
                tx.completion().onSuccess(v -> tell(to, told));
            }
            return id;
        });
    }

    /** What {@code user} sees, unacknowledged first, in {@code language}; with the number unacknowledged. */
    public Future<JsonObject> list(SessionUser user, String language, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LIST));
        return pg.preparedQuery(NotificationSql.VISIBLE).execute(Tuple.of(user.id(), visibleRoles(user.role()), bounded))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    long unread = 0;
                    for (Row row : rows) {
                        // counted over every visible row, before the limit
                        unread = row.getLong("unread");
                        items.add(json(row, user, language));
                    }
                    return new JsonObject().put("unread", unread).put("items", items);
                });
    }

    /** The number of unacknowledged notifications {@code user} sees. */
    public Future<Long> unread(SessionUser user) {
        return pg.preparedQuery(NotificationSql.UNREAD).execute(Tuple.of(user.id(), visibleRoles(user.role())))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /**
     * Acknowledges one notification as {@code user}. Not found for one the user cannot see; forbidden for an agent
     * acknowledging what is not theirs alone or their role's. Acknowledging twice keeps the first (who and when).
     */
    public Future<JsonObject> acknowledge(SessionUser user, long id, String language) {
        return one(id).compose(found -> {
            if (found == null || !visible(found, user)) {
                return Future.failedFuture(new NotFound("There is no notification " + id + " for you."));
            }
            if (!mayAcknowledge(found, user)) {
                return Future.failedFuture(new Forbidden("only a supervisor may acknowledge notification " + id));
            }
            if (found.getOffsetDateTime("acknowledged_at") != null) {
                return Future.succeededFuture(json(found, user, language));
            }
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            return pg.preparedQuery(NotificationSql.ACKNOWLEDGE).execute(Tuple.of(id, now, user.id()))
                    .compose(done -> one(id))
                    .map(row -> {
                        if (row == null) {
                            throw new Conflict("notification " + id + " was removed meanwhile");
                        }
                        tell(recipient(row), new JsonObject().put("type", "notification-ack").put("id", id));
                        return json(row, user, language);
                    });
        });
    }

    /** Deletes the notifications acknowledged before {@code before}; completes with how many. */
    public Future<Integer> purge(java.time.Instant before) {
        return pg.preparedQuery(NotificationSql.PURGE).execute(Tuple.of(before.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    private Future<Row> one(long id) {
        return pg.preparedQuery(NotificationSql.ONE).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    private void tell(Recipient to, JsonObject message) {
        if (to.agentId() != null) {
            Sockets.toUser(vertx, to.agentId(), message, null);
        } else if (to.role() != Role.AGENT) {
            // Admins' pages hear the supervisors' address too. There is no address for all agents: their role's
            // rows are read from the list when a page loads.
            vertx.eventBus().publish(Sockets.roleAddress(to.role()), message);
        }
    }

    private static Recipient recipient(Row row) {
        Long agent = row.getLong("recipient_agent_id");
        return agent != null ? Recipient.agent(agent) : Recipient.role(Role.of(row.getString("recipient_role")));
    }

    /** A role sees the rows of its own role and of the roles below it. */
    static String[] visibleRoles(Role role) {
        return Arrays.stream(Role.values()).filter(role::atLeast).map(Role::label).toArray(String[]::new);
    }

    private static boolean visible(Row row, SessionUser user) {
        Long agent = row.getLong("recipient_agent_id");
        if (agent != null) {
            return agent == user.id();
        }
        return user.role().atLeast(Role.of(row.getString("recipient_role")));
    }

    private static boolean mayAcknowledge(Row row, SessionUser user) {
        Long agent = row.getLong("recipient_agent_id");
        return (agent != null && agent == user.id()) || user.role().atLeast(Role.SUPERVISOR)
                || user.role().label().equals(row.getString("recipient_role"));
    }

    private static JsonObject json(Row row, SessionUser user, String language) {
        Object stored = row.getValue("args");
        JsonArray args = stored instanceof JsonArray array ? array : new JsonArray(String.valueOf(stored));
        List<Object> values = new ArrayList<>(args.getList());
        OffsetDateTime acknowledged = row.getOffsetDateTime("acknowledged_at");
        return new JsonObject()
                .put("id", row.getLong("id"))
                .put("kind", row.getString("kind"))
                .put("text", Messages.get().text(language, row.getString("text_key"), values.toArray()))
                .put("link", row.getString("link"))
                .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                .put("to", row.getLong("recipient_agent_id") != null ? "me" : row.getString("recipient_role"))
                .put("acknowledgedAt", acknowledged == null ? null : acknowledged.toInstant().toString())
                .put("acknowledgedBy", row.getString("acknowledged_by"))
                .put("canAcknowledge", acknowledged == null && mayAcknowledge(row, user));
    }
}
