package org.calldesk.board;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** A queue as the board needs it, from {@code telephony.queues[]}: its name and the seconds that matter. */
public record BoardQueue(String name, int serviceLevelS, int wrapupS) {

    /** The configured queues in configuration order; every one gets a tile, even with no traffic. */
    public static List<BoardQueue> from(JsonObject config) {
        JsonObject telephony = config.getJsonObject("telephony", new JsonObject());
        JsonArray queues = telephony.getJsonArray("queues", new JsonArray());
        List<BoardQueue> result = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            JsonObject queue = queues.getJsonObject(i);
            String name = queue.getString("name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("config telephony.queues[" + i + "]: name is missing");
            }
            result.add(new BoardQueue(name, queue.getInteger("service_level_s", 20), queue.getInteger("wrapup_s", 0)));
        }
        return List.copyOf(result);
    }

    public long serviceLevelMs() {
        return serviceLevelS * 1000L;
    }
}
