package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The customer as a record people keep: search by name, pinyin or part of a number, a page at a time; edits with a
 * change log (who, when, what, why); last contact moved by every call; staff to pick as account manager.
 */
public final class CustomerRecords {

    private static final Logger log = LoggerFactory.getLogger(CustomerRecords.class);
    private static final int PINYIN_BATCH = 2000;
    private static final int NOTES_MAX = 4000;
    private static final int REASON_MAX = 500;
    private static final int PHONES_MAX = 10;

    /** One page of search results; {@code more} when another page follows. */
    public record Page(JsonArray customers, int page, boolean more) {
        public JsonObject toJson() {
            return new JsonObject().put("customers", customers).put("page", page).put("more", more);
        }
    }

    private final Vertx vertx;
    private final Pool pg;
    private final PhoneNumbers phones;
    private final LifecycleSettings lifecycle;
    private final CustomerCache cache;
    private final java.util.function.Function<Long, Future<Void>> forget;

    CustomerRecords(Vertx vertx, Pool pg, PhoneNumbers phones, LifecycleSettings lifecycle, CustomerCache cache,
                    java.util.function.Function<Long, Future<Void>> forget) {
        this.cache = cache;
        this.vertx = vertx;
        this.pg = pg;
        this.phones = phones;
        this.lifecycle = lifecycle;
        this.forget = forget;
    }

    /** Page {@code page} (from 1) of {@code size} customers matching the text; see {@link CustomerSql#SEARCH}. */
    public Future<Page> search(String text, int page, int size) {
        String q = text.trim().toLowerCase(java.util.Locale.ROOT);
        String typed = Pinyin.typed(q);
        String digits = q.replaceAll("[^0-9]", "");
        boolean numberLike = q.matches("[+0-9 ()\\-.]+");
        String reading = typed.isEmpty() || numberLike ? "" : like(typed) + "%";
        String partial = numberLike && digits.length() >= 3 ? "%" + digits + "%" : "";
        Tuple args = Tuple.of("%" + like(q) + "%", reading, partial, q, size + 1, (page - 1) * size);
        return pg.preparedQuery(CustomerSql.SEARCH).execute(args).map(rows -> {
            JsonArray found = new JsonArray();
            for (Row row : rows) {
                if (found.size() == size) {
                    break;
                }
                found.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
                        .put("tier", row.getString("tier")).put("value", row.getBigDecimal("value"))
                        .put("lifecycle", row.getString("lifecycle")).put("phone", row.getString("phone"))
                        .put("doNotCall", row.getBoolean("do_not_call")));
            }
            return new Page(found, page, rows.size() > size);
        });
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Active staff whose username or name contains the text, for the pickers. */
    public Future<JsonArray> staff(String text, int limit) {
        String q = text.trim().toLowerCase(java.util.Locale.ROOT);
        return pg.preparedQuery(CustomerSql.STAFF).execute(Tuple.of("%" + like(q) + "%", q, limit)).map(rows -> {
            JsonArray found = new JsonArray();
            rows.forEach(row -> found.add(new JsonObject().put("id", row.getLong("id"))
                    .put("username", row.getString("username")).put("displayName", row.getString("display_name"))
                    .put("role", row.getString("role"))));
            return found;
        });
    }

    /** Notes, do-not-call and the change log, newest first; empty for an unknown customer. */
    public Future<Optional<JsonObject>> profile(long customerId) {
        return pg.preparedQuery(CustomerSql.PROFILE).execute(Tuple.of(customerId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            Object changes = row.getValue("changes");
            JsonArray list = changes instanceof JsonArray a ? a : new JsonArray(String.valueOf(changes));
            return Optional.of(new JsonObject().put("notes", row.getString("notes"))
                    .put("doNotCall", row.getBoolean("do_not_call")).put("changes", list));
        });
    }

    /**
     * Applies an edit in one transaction with the customer's row locked, and logs what changed; nothing changed,
     * nothing logged. A number of another customer's is a conflict naming them.
     */
    public Future<Boolean> edit(long customerId, CustomerEdit edit, CustomerEdit.Editor editor) {
        List<String> wanted = edit.phones() == null ? null : e164s(edit.phones());
        if (edit.name() != null && edit.name().isBlank()) {
            throw new Invalid("name", "field 'name' must not be empty");
        }
        if (edit.email() != null && !edit.email().isBlank() && !edit.email().trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new Invalid("email", "field 'email': '" + edit.email() + "' is not a valid address");
        }
        if (edit.notes() != null && edit.notes().length() > NOTES_MAX) {
            throw new Invalid("notes", "field 'notes' is longer than " + NOTES_MAX + " characters");
        }
        if (edit.reason() == null || edit.reason().isBlank() || edit.reason().length() > REASON_MAX) {
            throw new Invalid("reason", "field 'reason' must say why, in 1 to " + REASON_MAX + " characters");
        }
        Set<String> touched = new LinkedHashSet<>();
        return pg.withTransaction(conn -> conn.preparedQuery(CustomerSql.LOCK_FOR_EDIT).execute(Tuple.of(customerId))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                throw new NotFound("there is no customer with id " + customerId);
                            }
                            Row row = rows.iterator().next();
                            List<String> had = List.of(row.getArrayOfStrings("phones"));
                            touched.addAll(had);
                            if (wanted != null) {
                                touched.addAll(wanted);
                            }
                            return manager(conn, edit.accountManager())
                                    .compose(manager -> apply(conn, customerId, row, had, wanted, manager, edit, editor));
                        }))
                .compose(changed -> cache.forget(customerId, new JsonArray(List.copyOf(touched))).otherwiseEmpty().map(changed));
    }

    private Future<Boolean> apply(SqlConnection conn, long id, Row row, List<String> had, List<String> wanted,
                                  Optional<Row> manager, CustomerEdit edit, CustomerEdit.Editor editor) {
        JsonObject changes = new JsonObject();
        String name = edit.name() == null ? row.getString("name") : edit.name().trim();
        String email = edit.email() == null ? row.getString("email") : blankToNull(edit.email());
        String notes = edit.notes() == null ? row.getString("notes") : blankToNull(edit.notes());
        boolean dnc = edit.doNotCall() == null ? row.getBoolean("do_not_call") : edit.doNotCall();
        String amBefore = row.getString("am_username");
        String amAfter = edit.accountManager() == null ? amBefore : manager.map(m -> m.getString("username")).orElse(null);
        diff(changes, "name", row.getString("name"), name);
        diff(changes, "email", row.getString("email"), email);
        diff(changes, "notes", row.getString("notes"), notes);
        diff(changes, "doNotCall", row.getBoolean("do_not_call"), dnc);
        diff(changes, "accountManager", amBefore, amAfter);
        List<String> after = wanted == null ? had : wanted;
        if (!new LinkedHashSet<>(had).equals(new LinkedHashSet<>(after))) {
            changes.put("phones", CustomerEdit.change(had, after));
        }
        if (changes.isEmpty()) {
            return Future.succeededFuture(false);
        }
        Pinyin.Reading reading = Pinyin.of(name);
        Long amId = edit.accountManager() == null
                ? row.getLong("account_manager_id") : manager.map(m -> m.getLong("id")).orElse(null);
        Future<Void> phonesDone = changes.containsKey("phones") ? replacePhones(conn, id, had, after) : Future.succeededFuture();
        return phonesDone
                .compose(v -> conn.preparedQuery(CustomerSql.EDIT).execute(Tuple.from(new Object[]{
                        id, name, reading.full(), reading.initials(), email, notes, dnc, amId})))
                .compose(v -> conn.preparedQuery(CustomerSql.LOG_CHANGE).execute(Tuple.of(id, editor.id(),
                        editor.username(), changes, edit.reason().trim())))
                .map(v -> {
                    log.info("customer {} edited by {}: {}", id, editor.username(), String.join(", ", changes.fieldNames()));
                    return true;
                });
    }

    private Future<Void> replacePhones(SqlConnection conn, long id, List<String> had, List<String> after) {
        List<String> added = after.stream().filter(p -> !had.contains(p)).toList();
        List<String> removed = had.stream().filter(p -> !after.contains(p)).toList();
        return conn.preparedQuery(CustomerSql.OWNERS_OF).execute(Tuple.tuple().addArrayOfString(added.toArray(String[]::new)))
                .compose(owners -> {
                    for (Row owner : owners) {
                        if (owner.getLong("customer_id") != id) {
                            throw new Conflict("the number " + owner.getString("e164") + " already belongs to another customer",
                                    Map.of("customerId", owner.getLong("customer_id")));
                        }
                    }
                    return conn.preparedQuery(CustomerSql.REMOVE_PHONES)
                            .execute(Tuple.of(id).addArrayOfString(removed.toArray(String[]::new)));
                })
                .compose(v -> {
                    if (added.isEmpty()) {
                        return Future.succeededFuture();
                    }
                    List<Tuple> batch = new ArrayList<>();
                    added.forEach(e164 -> batch.add(Tuple.of(e164, id, e164)));
                    return conn.preparedQuery(CustomerSql.ADD_PHONE).executeBatch(batch).mapEmpty();
                });
    }

    private Future<Optional<Row>> manager(SqlConnection conn, String username) {
        if (username == null || username.isBlank()) {
            return Future.succeededFuture(Optional.empty());
        }
        return conn.preparedQuery(CustomerSql.ACTIVE_AGENT).execute(Tuple.of(username.trim())).map(rows -> {
            if (rows.size() == 0) {
                throw new Invalid("accountManager", "field 'accountManager': there is no active user named '" + username + "'");
            }
            return Optional.of(rows.iterator().next());
        });
    }

    private List<String> e164s(List<String> raw) {
        if (raw.isEmpty() || raw.size() > PHONES_MAX) {
            throw new Invalid("phones", "field 'phones' must hold 1 to " + PHONES_MAX + " numbers: a customer is known by their number");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String number : raw) {
            out.add(phones.e164(number).orElseThrow(() ->
                    new Invalid("phones", "field 'phones': '" + number + "' is not a valid phone number")));
        }
        return List.copyOf(out);
    }

    private static void diff(JsonObject changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, CustomerEdit.change(from, to));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The customer called (or was called): last contact today and the lifecycle with it; the cached card goes. */
    public Future<Void> contacted(long customerId) {
        return pg.preparedQuery(CustomerSql.CONTACTED).execute(Tuple.of(customerId, lifecycle.newDays()))
                .compose(v -> forget.apply(customerId));
    }

    /**
     * Gives the customers stored before pinyin search (or written by other means) their reading, a batch at a time,
     * each batch in a transaction that holds its rows: in a cluster every node fills in at start, and each takes
     * other customers. Returns how many this node filled in.
     */
    public Future<Integer> fillPinyin() {
        return pg.withTransaction(conn -> conn.preparedQuery(CustomerSql.WITHOUT_PINYIN).execute(Tuple.of(PINYIN_BATCH))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(0);
                    }
                    List<Long> ids = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> {
                        ids.add(r.getLong("id"));
                        names.add(r.getString("name"));
                    });
                    return vertx.executeBlocking(() -> names.stream().map(Pinyin::of).toList())
                            .compose(readings -> conn.preparedQuery(CustomerSql.SET_PINYIN).execute(Tuple.of(
                                    ids.toArray(Long[]::new),
                                    readings.stream().map(Pinyin.Reading::full).toArray(String[]::new),
                                    readings.stream().map(Pinyin.Reading::initials).toArray(String[]::new))))
                            .map(ids.size());
                }))
                .compose(filled -> filled == 0 ? Future.succeededFuture(0) : fillPinyin().map(n -> n + filled));
    }

}
