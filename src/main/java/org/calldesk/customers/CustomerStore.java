package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Masked;
import org.calldesk.platform.Redis;
import org.calldesk.platform.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Customers: lookup by number or id (cache first), search, import and classification by value. */
public final class CustomerStore {

    private static final Logger log = LoggerFactory.getLogger(CustomerStore.class);

    private final Vertx vertx;
    private final Pool pg;
    private final CustomerCache cache;
    private final PhoneNumbers phones;
    private final Tiers tiers;
    private final LifecycleSettings lifecycle;
    private final CustomerRecords records;

    public CustomerStore(Vertx vertx, Pool pg, Redis redis, RedisSettings cache, PhoneNumbers phones, Tiers tiers,
                         LifecycleSettings lifecycle) {
        this.vertx = vertx;
        this.pg = pg;
        this.cache = new CustomerCache(redis, cache.cacheReadTimeoutMs(), cache.cacheTtlSeconds());
        this.phones = phones;
        this.tiers = tiers;
        this.lifecycle = lifecycle;
        this.records = new CustomerRecords(vertx, pg, phones, lifecycle, this.cache, this::forget);
    }

    /** Search, edits with their change log, last contact. */
    public CustomerRecords records() {
        return records;
    }

    /** After a call with the customer: last contact today, lifecycle with it, the cached card dropped. */
    public Future<Void> contacted(long customerId) {
        return records.contacted(customerId);
    }

    public PhoneNumbers phones() {
        return phones;
    }

    /** The customer who owns this number, written any way; empty for unknown or unparseable numbers. */
    public Future<Optional<CustomerCard>> byPhone(String raw) {
        return phones.e164(raw).map(this::byE164).orElseGet(() -> Future.succeededFuture(Optional.empty()));
    }

    /** As {@link #byPhone}, for a number already normalised to E.164. */
    public Future<Optional<CustomerCard>> byE164(String e164) {
        return cache.byPhone(e164).compose(cached -> cached != null
                ? Future.succeededFuture(Optional.of(cached))
                : load(CustomerSql.CARD_BY_PHONE, Tuple.of(e164)));
    }

    /**
     * As {@link #byE164} for many numbers at once, as routing asks under a burst: one query for all of them, whose
     * cards then go into the cache, warm for every other lookup by number. It does not read the cache first: in a
     * burst each cache read waits behind the burst's other Redis work and often runs out its time, and a batch's one
     * query costs PostgreSQL less than that wait costs the callers. Numbers nobody owns are absent from the answer.
     */
    public Future<Map<String, CustomerCard>> byE164s(List<String> e164s) {
        return pg.preparedQuery(CustomerSql.CARDS_BY_PHONES).execute(Tuple.tuple().addArrayOfString(e164s.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, CustomerCard> found = new HashMap<>();
                    for (Row row : rows) {
                        CustomerCard card = CustomerCard.from(row);
                        found.put(row.getString("asked_e164"), card);
                        // for the next lookup; this one does not wait for it
                        cache.put(card);
                    }
                    return found;
                });
    }

    public Future<Optional<CustomerCard>> byId(long id) {
        return cache.byId(id).compose(cached -> cached != null
                ? Future.succeededFuture(Optional.of(cached))
                : load(CustomerSql.CARD_BY_ID, Tuple.of(id)));
    }

    private Future<Optional<CustomerCard>> load(String sql, Tuple args) {
        return pg.preparedQuery(sql).execute(args).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(Optional.<CustomerCard>empty());
            }
            CustomerCard customer = CustomerCard.from(rows.iterator().next());
            // Filling the cache is for the next lookup; this one does not wait for it.
            cache.put(customer);
            return Future.succeededFuture(Optional.of(customer));
        });
    }

    public Future<JsonArray> searchByName(String text, int limit) {
        String pattern = text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return pg.preparedQuery(CustomerSql.SEARCH_BY_NAME).execute(Tuple.of(pattern, limit)).map(rows -> {
            JsonArray found = new JsonArray();
            for (Row row : rows) {
                found.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
                        .put("tier", row.getString("tier")).put("value", row.getBigDecimal("value"))
                        .put("lifecycle", row.getString("lifecycle")).put("phone", row.getString("phone")));
            }
            return found;
        });
    }

    /** Imports a CSV file: parse and check on a worker, write in one transaction, then reclassify. */
    public Future<CustomerImport.Result> importCsv(String csv) {
        CustomerImport importer = new CustomerImport(phones);
        return managers()
                .compose(managers -> vertx.executeBlocking(() -> importer.parse(csv, managers)))
                .compose(parsed -> CustomerImport.write(pg, parsed.rows())
                        .compose(counts -> reclassify().map(tierCounts -> {
                            log.info("customer import: {} new, {} updated, {} rejected", counts[0], counts[1],
                                    parsed.rejected().size());
                            return new CustomerImport.Result(counts[0], counts[1], parsed.rejected());
                        })));
    }

    /** An import's dry run: every row checked and counted as new or known, nothing written. */
    public Future<CustomerImport.Result> checkCsv(String csv) {
        CustomerImport importer = new CustomerImport(phones);
        return managers()
                .compose(managers -> vertx.executeBlocking(() -> importer.parse(csv, managers)))
                .compose(parsed -> CustomerImport.preview(pg, parsed.rows())
                        .map(counts -> new CustomerImport.Result(counts[0], counts[1], parsed.rejected(), true)));
    }

    /** Agents who may manage accounts, by lower-case username. */
    public Future<Map<String, Long>> managers() {
        return pg.query(CustomerSql.ALL_MANAGERS).execute().map(rows -> {
            Map<String, Long> byName = new HashMap<>();
            rows.forEach(row -> byName.put(row.getString("username"), row.getLong("id")));
            return byName;
        });
    }

    /** Ranks every customer by value into the tiers and recomputes lifecycle stages; returns customers per tier. */
    public Future<Map<String, Long>> reclassify() {
        return pg.withTransaction(conn -> conn.query(CustomerSql.COUNT).execute()
                        .compose(count -> {
                            long[] upto = tiers.lastRanks(count.iterator().next().getLong("n"));
                            Long[] bounds = new Long[upto.length];
                            for (int i = 0; i < upto.length; i++) {
                                bounds[i] = upto[i];
                            }
                            return conn.preparedQuery(CustomerSql.RECLASSIFY)
                                    .execute(Tuple.from(new Object[]{tiers.names().toArray(String[]::new), bounds}));
                        })
                        .compose(v -> conn.preparedQuery(CustomerSql.LIFECYCLE).execute(Tuple.of(
                                lifecycle.newDays(), lifecycle.dormantDays(), lifecycle.churnedDays())))
                        .compose(v -> conn.query(CustomerSql.TIER_COUNTS).execute()))
                .compose(rows -> cache.forgetAll().otherwiseEmpty().map(v -> tierCounts(rows)));
    }

    private Map<String, Long> tierCounts(RowSet<Row> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        tiers.names().forEach(name -> counts.put(name, 0L));
        rows.forEach(row -> {
            if (row.getString("tier") != null) {
                counts.put(row.getString("tier"), row.getLong("n"));
            }
        });
        return counts;
    }

    /**
     * A customer created by hand (an unknown caller on the line): no value yet, so the bottom tier until the
     * next import or reclassification ranks them. A number that already belongs to a customer is a conflict.
     */
    public Future<CustomerCard> create(String name, String rawPhone, String email) {
        String e164 = phones.e164(rawPhone).orElseThrow(() ->
                new Invalid("phone", "field 'phone': '" + rawPhone + "' is not a valid phone number"));
        if (email != null && !email.isBlank() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new Invalid("email", "field 'email': '" + email + "' is not a valid address");
        }
        String externalId = "CD-" + java.util.UUID.randomUUID().toString().substring(0, 13);
        String bottom = tiers.names().get(tiers.names().size() - 1);
        return pg.withTransaction(conn -> conn.preparedQuery(CustomerSql.PHONE_OWNER).execute(Tuple.of(e164))
                        .compose(owner -> {
                            if (owner.size() > 0) {
                                return Future.failedFuture(new Conflict("the number " + e164
                                        + " already belongs to a customer", Map.of("customerId",
                                        owner.iterator().next().getLong("customer_id"))));
                            }
                            Pinyin.Reading reading = Pinyin.of(name.trim());
                            return conn.preparedQuery(CustomerSql.CREATE).execute(Tuple.of(externalId, name.trim(),
                                    email == null || email.isBlank() ? null : email.trim(), bottom, reading.full(),
                                    reading.initials()));
                        })
                        .compose(rows -> {
                            long id = rows.iterator().next().getLong("id");
                            return conn.preparedQuery(CustomerSql.ADD_PHONE).execute(Tuple.of(e164, id, rawPhone.trim())).map(id);
                        }))
                // Two creations racing for one number both pass the owner check; the unique index stops the second,
                // and its whole transaction (the customer too) is rolled back.
                .recover(failure -> failure instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new Conflict("the number " + e164 + " already belongs to a customer"))
                        : Future.failedFuture(failure))
                .compose(id -> load(CustomerSql.CARD_BY_ID, Tuple.of(id)))
                .map(card -> {
                    log.info("customer {} created by hand with number {}", card.orElseThrow().id(), Masked.phone(e164));
                    return card.orElseThrow();
                });
    }

    /** Drops one customer's cached card, e.g. after a new interaction. */
    public Future<Void> forget(long customerId) {
        return pg.preparedQuery(CustomerSql.PHONES_OF)
                .execute(Tuple.of(customerId))
                .compose(rows -> {
                    String[] numbers = rows.iterator().next().getArrayOfStrings("phones");
                    return cache.forget(customerId, numbers == null ? new JsonArray() : new JsonArray(java.util.List.of(numbers)));
                });
    }
}
