package org.calldesk.customers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.platform.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TiersTest {

    private final Tiers pyramid = Tiers.from(Config.defaults().getJsonArray("tiers"));

    @Test
    @DisplayName("1 000 customers split 10 / 190 / 300 / 500 by value rank")
    void thousand() {
        assertArrayEquals(new long[]{10, 200, 500, Long.MAX_VALUE}, pyramid.lastRanks(1000));
    }

    @Test
    @DisplayName("with fewer customers than tiers the best customer is still in the top tier")
    void tiny() {
        assertArrayEquals(new long[]{1, 1, 3, Long.MAX_VALUE}, pyramid.lastRanks(5));
        assertArrayEquals(new long[]{0, 0, 0, Long.MAX_VALUE}, pyramid.lastRanks(0));
        assertArrayEquals(new long[]{1, 1, 1, Long.MAX_VALUE}, pyramid.lastRanks(1));
    }

    @Test
    @DisplayName("shares that do not add up to 100 % are refused with the sum")
    void badShares() {
        JsonArray tiers = new JsonArray().add(new JsonObject().put("name", "a").put("share", 60))
                .add(new JsonObject().put("name", "b").put("share", 30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tiers.from(tiers));
        assertEquals("tiers: shares add up to 90 %, not 100 %", e.getMessage());
    }
}
