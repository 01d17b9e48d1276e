package org.calldesk.customers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer with what anyone talking to them should see: value, tier, lifecycle, account manager, phones and the
 * last interactions. Read from PostgreSQL or the cache; {@link #toJson()} is its form on the HTTP API and in the cache.
 *
 * @param valueRank      1 for the most valuable customer; null until the first classification
 * @param accountManager null when the customer has none
 * @param interactions   the latest first, at most ten
 */
public record CustomerCard(
    long id,
    String externalId,
    String name,
    String email,
    String tier,
    Integer valueRank,
    BigDecimal value,
    BigDecimal revenue12m,
    BigDecimal cost12m,
    String lifecycle,
    LocalDate firstContact,
    LocalDate lastContact,
    List<String> phones,
    Manager accountManager,
    List<Interaction> interactions) {

    public CustomerCard {
        phones = phones == null ? List.of() : List.copyOf(phones);
        interactions = interactions == null ? List.of() : List.copyOf(interactions);
    }

    /** The customer's own agent as the card names them; {@code iface} is how their phone is reached ({@code PJSIP/agent3}). */
    public record Manager(long id, String username, String displayName, String iface) {

        public Manager {
            Objects.requireNonNull(username, "username");
        }

        JsonObject toJson() {
            return new JsonObject().put("id", id).put("username", username).put("displayName", displayName)
                    .put("interface", iface);
        }

        static Manager fromJson(JsonObject json) {
            return json == null ? null : new Manager(json.getLong("id"), json.getString("username"),
                    json.getString("displayName"), json.getString("interface"));
        }
    }

    /**
     * One entry of the customer's history: a call, a complaint, a note.
     *
     * @param details what the feature that wrote it kept (outcome, queue, disposition…); free-form, shown as is
     * @param agent   the agent's username; null when no agent took part
     */
    public record Interaction(long id, OffsetDateTime at, String kind, String summary, String linkedid,
                              JsonObject details, String agent) {

        // Written as PostgreSQL writes a timestamptz into JSON (offset always +HH:MM, fraction without trailing
        // zeros), so a card read back from the cache says exactly what the database said.
        private static final DateTimeFormatter AT = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral('T')
                .appendPattern("HH:mm:ss")
                .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                .appendOffset("+HH:MM", "+00:00")
                .toFormatter();

        public Interaction {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
        }

        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("at", AT.format(at)).put("kind", kind).put("summary", summary)
                    .put("linkedid", linkedid).put("details", details == null ? null : details.copy())
                    .put("agent", agent);
        }

        public static Interaction fromJson(JsonObject json) {
            return new Interaction(json.getLong("id"), OffsetDateTime.parse(json.getString("at")), json.getString("kind"),
                    json.getString("summary"), json.getString("linkedid"), json.getJsonObject("details"),
                    json.getString("agent"));
        }
    }

    /** A row of {@link CustomerSql}'s card query. */
    static CustomerCard from(Row row) {
        Long managerId = row.getLong("am_id");
        Manager manager = managerId == null ? null : new Manager(managerId, row.getString("am_username"),
                row.getString("am_name"), row.getString("am_interface"));
        // The history comes as one json_agg column, in the shape the cache keeps it.
        Object history = row.getValue("history");
        return new CustomerCard(
                row.getLong("id"),
                row.getString("external_id"),
                row.getString("name"),
                row.getString("email"),
                row.getString("tier"),
                row.getInteger("value_rank"),
                row.getBigDecimal("value"),
                row.getBigDecimal("revenue_12m"),
                row.getBigDecimal("cost_12m"),
                row.getString("lifecycle"),
                row.getLocalDate("first_contact"),
                row.getLocalDate("last_contact"),
                List.of(row.getArrayOfStrings("phones")),
                manager,
                interactions(history instanceof JsonArray array ? array : new JsonArray()));
    }

    public static CustomerCard fromJson(JsonObject json) {
        return new CustomerCard(
                json.getLong("id"),
                json.getString("externalId"),
                json.getString("name"),
                json.getString("email"),
                json.getString("tier"),
                json.getInteger("valueRank"),
                decimal(json.getValue("value")),
                decimal(json.getValue("revenue12m")),
                decimal(json.getValue("cost12m")),
                json.getString("lifecycle"),
                date(json.getString("firstContact")),
                date(json.getString("lastContact")),
                json.getJsonArray("phones", new JsonArray()).stream().map(String.class::cast).toList(),
                Manager.fromJson(json.getJsonObject("accountManager")),
                interactions(json.getJsonArray("interactions", new JsonArray())));
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("externalId", externalId)
                .put("name", name)
                .put("email", email)
                .put("tier", tier)
                .put("valueRank", valueRank)
                .put("value", value)
                .put("revenue12m", revenue12m)
                .put("cost12m", cost12m)
                .put("lifecycle", lifecycle)
                .put("firstContact", firstContact == null ? null : firstContact.toString())
                .put("lastContact", lastContact == null ? null : lastContact.toString())
                .put("phones", new JsonArray(new ArrayList<>(phones)))
                .put("accountManager", accountManager == null ? null : accountManager.toJson())
                .put("interactions", interactionsJson(interactions));
    }

    /** The history as the HTTP API and the screen pop show it. */
    public static JsonArray interactionsJson(List<Interaction> interactions) {
        JsonArray json = new JsonArray();
        interactions.forEach(i -> json.add(i.toJson()));
        return json;
    }

    private static List<Interaction> interactions(JsonArray json) {
        return json.stream().map(JsonObject.class::cast).map(Interaction::fromJson).toList();
    }

    // Decoded JSON holds numbers as Integer, Long or Double; the decimal is read from their text, not their binary.
    private static BigDecimal decimal(Object number) {
        return number == null ? null : number instanceof BigDecimal exact ? exact : new BigDecimal(number.toString());
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }
}
