package org.calldesk.screenpop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.customers.CustomerCard;
import org.calldesk.routing.IvrChoice;
import org.calldesk.routing.OpenComplaint;
import org.calldesk.routing.RouteDecision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the ringing agent's screen shows of the caller. {@link #toJson()} is the card the console reads off the
 * WebSocket and the copy kept in Redis for other nodes; {@link #fromJson} reads that copy back.
 *
 * @param ivr      null when calldesk did not route the call, and then absent from the JSON
 * @param customer null for a caller who is not (yet) a customer
 * @param history  the latest first
 */
public record PopCard(String caller, IvrChoice ivr, Customer customer, List<CustomerCard.Interaction> history,
                      List<OpenComplaint> openComplaints, Route route) {

    public PopCard {
        Objects.requireNonNull(route, "route");
        history = history == null ? List.of() : List.copyOf(history);
        openComplaints = openComplaints == null ? List.of() : List.copyOf(openComplaints);
    }

    /** The little of the customer a ringing phone has time for; {@code accountManager} is their display name. */
    public record Customer(long id, String name, String tier, BigDecimal value, String lifecycle, String accountManager) {

        static Customer of(CustomerCard card) {
            return new Customer(card.id(), card.name(), card.tier(), card.value(), card.lifecycle(),
                    card.accountManager() == null ? null : card.accountManager().displayName());
        }

        JsonObject toJson() {
            return new JsonObject().put("id", id).put("name", name).put("tier", tier).put("value", value)
                    .put("lifecycle", lifecycle).put("accountManager", accountManager);
        }

        static Customer fromJson(JsonObject json) {
            Object value = json.getValue("value");
            return new Customer(json.getLong("id"), json.getString("name"), json.getString("tier"),
                    value == null ? null : new BigDecimal(value.toString()), json.getString("lifecycle"),
                    json.getString("accountManager"));
        }
    }

    /** Why the call came this way; {@code queue} is null when not known. */
    public record Route(String queue, int priority, String reason) {

        public static Route of(RouteDecision decision) {
            return new Route(decision.queue(), decision.priority(), decision.reason());
        }

        JsonObject toJson() {
            return new JsonObject().put("queue", queue).put("priority", priority).put("reason", reason);
        }

        static Route fromJson(JsonObject json) {
            return new Route(json.getString("queue"), json.getInteger("priority", 0), json.getString("reason"));
        }
    }

    /**
     * Every card is made here, whether routing prepared it or the phone rang for a call calldesk never saw.
     *
     * @param customer null for an unknown caller
     */
    public static PopCard of(String caller, IvrChoice ivr, CustomerCard customer, List<OpenComplaint> openComplaints,
                             Route route) {
        return new PopCard(caller, ivr, customer == null ? null : Customer.of(customer),
                customer == null ? List.of() : customer.interactions(), openComplaints, route);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("caller", caller);
        if (ivr != null) {
            json.put("ivr", ivr.code());
        }
        return json.put("customer", customer == null ? null : customer.toJson())
                .put("history", CustomerCard.interactionsJson(history))
                .put("openComplaints", complaintsJson(openComplaints))
                .put("route", route.toJson());
    }

    public static PopCard fromJson(JsonObject json) {
        JsonObject customer = json.getJsonObject("customer");
        String ivr = json.getString("ivr");
        return new PopCard(json.getString("caller"), ivr == null ? null : IvrChoice.parse(ivr),
                customer == null ? null : Customer.fromJson(customer),
                json.getJsonArray("history", new JsonArray()).stream().map(JsonObject.class::cast)
                        .map(CustomerCard.Interaction::fromJson).toList(),
                json.getJsonArray("openComplaints", new JsonArray()).stream().map(JsonObject.class::cast)
                        .map(PopCard::complaintFromJson).toList(),
                Route.fromJson(json.getJsonObject("route")));
    }

    /** Open complaints as the pop shows them; the customer's 360° page shows the same chips. */
    public static JsonArray complaintsJson(List<OpenComplaint> complaints) {
        JsonArray json = new JsonArray();
        for (OpenComplaint c : complaints) {
            json.add(new JsonObject().put("id", c.id()).put("subject", c.subject()).put("severity", c.severity())
                    .put("status", c.status()).put("resolutionDue", iso(c.resolutionDue()))
                    .put("breachAt", iso(c.breachAt())).put("slaState", c.slaState()));
        }
        return json;
    }

    private static OpenComplaint complaintFromJson(JsonObject json) {
        return new OpenComplaint(json.getLong("id"), json.getString("subject"), json.getString("severity"),
                json.getString("status"), instant(json.getString("resolutionDue")), instant(json.getString("breachAt")),
                json.getString("slaState"));
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
