package org.calldesk.customers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What an agent changes on a customer: each field null when left as it is ({@code accountManager} "" clears the
 * manager), and the reason, which the change log keeps.
 */
public record CustomerEdit(String name, List<String> phones, String email, String accountManager, String notes,
                           Boolean doNotCall, String reason) {

    /** Who made a change: the signed-in user's id and username. */
    public record Editor(long id, String username) {
    }

    static JsonObject change(Object from, Object to) {
        return new JsonObject().put("from", from instanceof List<?> l ? new JsonArray(List.copyOf(l)) : from)
                .put("to", to instanceof List<?> l ? new JsonArray(List.copyOf(l)) : to);
    }
}
