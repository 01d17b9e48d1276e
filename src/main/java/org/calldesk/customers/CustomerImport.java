package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSV import of customers: every row is checked on its own, bad rows are reported by line and skipped,
 * good rows are upserted by external_id in batches inside one transaction.
 */
public final class CustomerImport {

    static final List<String> COLUMNS = List.of("external_id", "name", "phones", "email", "revenue_12m",
            "cost_12m", "first_contact", "last_contact", "account_manager");
    private static final int BATCH = 5000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    private static final Pattern PLAIN_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Before any customer's first contact; it also keeps out year 0000, which Java reads and PostgreSQL does not. */
    private static final LocalDate FIRST_DATE = LocalDate.of(1900, 1, 1);

    public record Rejected(int line, String reason) {
        JsonObject toJson() {
            return new JsonObject().put("line", line).put("reason", reason);
        }
    }

    public record Parsed(List<CustomerRow> rows, List<Rejected> rejected) {
    }

    /** {@code dryRun}: nothing was written; the counts say what an import would have done. */
    public record Result(int imported, int updated, List<Rejected> rejected, boolean dryRun) {
        public Result(int imported, int updated, List<Rejected> rejected) {
            this(imported, updated, rejected, false);
        }

        public JsonObject toJson() {
            JsonArray bad = new JsonArray();
            rejected.forEach(r -> bad.add(r.toJson()));
            return new JsonObject().put("imported", imported).put("updated", updated).put("rejected", bad)
                    .put("dryRun", dryRun);
        }
    }

    private final PhoneNumbers phones;

    public CustomerImport(PhoneNumbers phones) {
        this.phones = phones;
    }

    /** Pure parsing and checking; CPU work, so callers run it on a worker for large files. */
    public Parsed parse(String csv, Map<String, Long> managersByUsername) {
        List<CustomerRow> good = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Record record : Csv.parse(csv)) {
            if (record.line() == 1 && !record.fields().isEmpty()
                    && record.fields().get(0).trim().equalsIgnoreCase("external_id")) {
                continue;
            }
            try {
                if (record.error() != null) {
                    throw new IllegalArgumentException(record.error());
                }
                CustomerRow row = row(record, managersByUsername);
                Integer earlier = seen.put(row.externalId(), good.size());
                if (earlier != null) {
                    CustomerRow replaced = good.set(earlier, row);
                    rejected.add(new Rejected(replaced.line(), "external_id '" + row.externalId()
                            + "' appears again on line " + row.line() + "; the later row is kept"));
                    seen.put(row.externalId(), earlier);
                } else {
                    good.add(row);
                }
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejected(record.line(), e.getMessage()));
            }
        }
        rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Parsed(good, rejected);
    }

    private CustomerRow row(Csv.Record record, Map<String, Long> managers) {
        List<String> f = record.fields();
        if (f.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " columns (" + String.join(",", COLUMNS)
                    + "), found " + f.size());
        }
        for (int i = 0; i < f.size(); i++) {
            // PostgreSQL cannot store a NUL in text; left in, it would fail the whole import's transaction.
            if (f.get(i).indexOf('\0') >= 0) {
                throw new IllegalArgumentException(COLUMNS.get(i) + " contains a NUL character");
            }
        }
        String externalId = required(f.get(0).trim(), "external_id", 64);
        String name = required(f.get(1).trim(), "name", 200);
        List<CustomerRow.Phone> numbers = new ArrayList<>();
        for (String raw : f.get(2).split(";")) {
            if (raw.isBlank()) {
                continue;
            }
            String e164 = phones.e164(raw).orElseThrow(() ->
                    new IllegalArgumentException("phone '" + raw.trim() + "' is not a valid phone number"));
            if (numbers.stream().noneMatch(p -> p.e164().equals(e164))) {
                numbers.add(new CustomerRow.Phone(e164, raw.trim()));
            }
        }
        String email = f.get(3).trim();
        if (!email.isEmpty() && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            throw new IllegalArgumentException("email '" + email + "' is not a valid address");
        }
        BigDecimal revenue = amount(f.get(4), "revenue_12m");
        BigDecimal cost = amount(f.get(5), "cost_12m");
        LocalDate first = date(f.get(6), "first_contact");
        LocalDate last = date(f.get(7), "last_contact");
        if (first != null && last != null && last.isBefore(first)) {
            throw new IllegalArgumentException("last_contact " + last + " is before first_contact " + first);
        }
        String manager = f.get(8).trim();
        Long managerId = null;
        if (!manager.isEmpty()) {
            managerId = managers.get(manager.toLowerCase(Locale.ROOT));
            if (managerId == null) {
                throw new IllegalArgumentException("account_manager '" + manager + "' is not a known agent");
            }
        }
        return new CustomerRow(record.line(), externalId, name, email.isEmpty() ? null : email, revenue, cost,
                first, last, managerId, numbers);
    }

    private static String required(String value, String column, int max) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(column + " is empty");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(column + " is longer than " + max + " characters");
        }
        return value;
    }

    private static BigDecimal amount(String raw, String column) {
        String text = raw.trim();
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.abs().compareTo(MAX_AMOUNT) > 0) {
                throw new IllegalArgumentException(column + " '" + text + "' is out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " '" + text + "' is not a number");
        }
    }

    private static LocalDate date(String raw, String column) {
        String text = raw.trim();
        if (text.isEmpty()) {
            return null;
        }
        // Java reads +999999999-12-31 and -0001-01-01 as dates; PostgreSQL refuses them, and with them the whole
        // import. Four-digit years only, from FIRST_DATE on, keep every date in PostgreSQL's range.
        LocalDate date;
        try {
            date = PLAIN_DATE.matcher(text).matches() ? LocalDate.parse(text) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            throw new IllegalArgumentException(column + " '" + text + "' is not a date (YYYY-MM-DD)");
        }
        if (date.isBefore(FIRST_DATE)) {
            throw new IllegalArgumentException(column + " " + text + " is before " + FIRST_DATE);
        }
        return date;
    }

    /** What {@link #write} would do with these rows, without writing: how many would be new and how many updated. */
    public static Future<int[]> preview(Pool pg, List<CustomerRow> rows) {
        String[] ids = rows.stream().map(CustomerRow::externalId).toArray(String[]::new);
        return pg.preparedQuery(CustomerSql.KNOWN_EXTERNAL_IDS).execute(Tuple.of(ids)).map(result -> {
            int known = result.iterator().next().getLong("n").intValue();
            return new int[]{rows.size() - known, known};
        });
    }

    /** Upserts the rows in one transaction; returns how many were new and how many updated. */
    public static Future<int[]> write(Pool pg, List<CustomerRow> rows) {
        return pg.withTransaction(conn -> {
            Future<int[]> chain = Future.succeededFuture(new int[2]);
            for (int from = 0; from < rows.size(); from += BATCH) {
                List<CustomerRow> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
                chain = chain.compose(counts -> writeBatch(conn, batch).map(c -> {
                    counts[0] += c[0];
                    counts[1] += c[1];
                    return counts;
                }));
            }
            return chain;
        });
    }

    private static Future<int[]> writeBatch(SqlConnection conn, List<CustomerRow> batch) {
        int n = batch.size();
        String[] ids = new String[n], names = new String[n], emails = new String[n], revenues = new String[n],
                costs = new String[n], firsts = new String[n], lasts = new String[n], managers = new String[n],
                pinyins = new String[n], initials = new String[n];
        for (int i = 0; i < n; i++) {
            CustomerRow r = batch.get(i);
            ids[i] = r.externalId();
            names[i] = r.name();
            Pinyin.Reading reading = Pinyin.of(r.name());
            pinyins[i] = reading.full();
            initials[i] = reading.initials();
            emails[i] = r.email();
            revenues[i] = r.revenue12m().toPlainString();
            costs[i] = r.cost12m().toPlainString();
            firsts[i] = r.firstContact() == null ? null : r.firstContact().toString();
            lasts[i] = r.lastContact() == null ? null : r.lastContact().toString();
            managers[i] = r.accountManagerId() == null ? null : r.accountManagerId().toString();
        }
        Tuple customers = Tuple.from(new Object[]{ids, names, emails, revenues, costs, firsts, lasts, managers,
                pinyins, initials});
        return conn.preparedQuery(CustomerSql.UPSERT_BATCH).execute(customers).compose(result -> {
            Map<String, Long> idByExternal = new LinkedHashMap<>();
            int inserted = 0;
            for (Row row : result) {
                idByExternal.put(row.getString("external_id"), row.getLong("id"));
                if (row.getBoolean("inserted")) {
                    inserted++;
                }
            }
            int updated = result.size() - inserted;
            Map<String, Object[]> phoneOwners = new LinkedHashMap<>();
            for (CustomerRow r : batch) {
                long id = idByExternal.get(r.externalId());
                for (CustomerRow.Phone phone : r.phones()) {
                    phoneOwners.put(phone.e164(), new Object[]{id, phone.raw()});
                }
            }
            String[] e164s = phoneOwners.keySet().toArray(String[]::new);
            Long[] owners = phoneOwners.values().stream().map(v -> (Long) v[0]).toArray(Long[]::new);
            String[] raws = phoneOwners.values().stream().map(v -> (String) v[1]).toArray(String[]::new);
            Long[] customerIds = idByExternal.values().toArray(Long[]::new);
            int[] counts = {inserted, updated};
            return conn.preparedQuery(CustomerSql.DELETE_PHONES_OF).execute(Tuple.from(new Object[]{customerIds}))
                    .compose(v -> conn.preparedQuery(CustomerSql.UPSERT_PHONES).execute(Tuple.from(new Object[]{e164s, owners, raws})))
                    .map(counts);
        });
    }
}
