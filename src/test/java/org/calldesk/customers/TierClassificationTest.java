package org.calldesk.customers;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Owns the customers table while it runs: it empties it to get a known distribution. */
@ServerTest
class TierClassificationTest {

    private static String csv(int count, java.util.function.IntFunction<Integer> valueOf) {
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            csv.append("TIER-").append(i).append(",Customer ").append(i).append(",+86 131 ")
                    .append(String.format("%04d %04d", i / 10000, i % 10000)).append(",,")
                    .append(valueOf.apply(i)).append(",0,,,\n");
        }
        return csv.toString();
    }

    private static Map<String, Integer> tiers(JsonObject body) {
        Map<String, Integer> counts = new HashMap<>();
        body.getJsonObject("tiers").forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
        return counts;
    }

    @Test
    @DisplayName("1 000 distinct values rank into exactly 10 platinum, 190 gold, 300 silver and 500 bronze")
    void pyramid() {
        TestServer.await(TestServer.get().server.pg().query("TRUNCATE customers CASCADE").execute());
        Http admin = Http.as("admin");
        assertEquals(1000, admin.postText("/api/customers/import", csv(1000, i -> i)).bodyAsJsonObject().getInteger("imported"));
        Map<String, Integer> counts = tiers(admin.post("/api/customers/reclassify", new JsonObject()).bodyAsJsonObject());
        assertEquals(Map.of("platinum", 10, "gold", 190, "silver", 300, "bronze", 500), counts);

        Row top = TestServer.await(TestServer.get().server.pg().query(
                "SELECT tier, value_rank FROM customers WHERE external_id = 'TIER-1000'").execute()).iterator().next();
        assertEquals("platinum", top.getString("tier"));
        assertEquals(1, top.getInteger("value_rank"));
        Row eleventh = TestServer.await(TestServer.get().server.pg().query(
                "SELECT tier FROM customers WHERE external_id = 'TIER-990'").execute()).iterator().next();
        assertEquals("gold", eleventh.getString("tier"));
    }

    @Test
    @DisplayName("customers of equal value share a tier, even across a boundary")
    void ties() {
        TestServer.await(TestServer.get().server.pg().query("TRUNCATE customers CASCADE").execute());
        Http admin = Http.as("admin");
        // values 1..1000 except that the 10th and 11th best are equal
        admin.postText("/api/customers/import", csv(1000, i -> i == 990 ? 991 : i));
        Map<String, Integer> counts = tiers(admin.post("/api/customers/reclassify", new JsonObject()).bodyAsJsonObject());
        assertEquals(11, counts.get("platinum"));
        assertEquals(189, counts.get("gold"));
    }
}
