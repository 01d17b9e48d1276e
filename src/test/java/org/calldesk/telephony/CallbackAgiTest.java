package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ServerTest
class CallbackAgiTest {

    private static String callback(String caller, String uniqueid) throws Exception {
        int port = TestServer.get().server.config().getJsonObject("telephony").getJsonObject("agi").getInteger("port");
        return AgiClient.converse(port, AgiClient.request(port, "callback", caller, uniqueid, "")).get("CALLDESK_CALLBACK");
    }

    @Test
    @DisplayName("a callback request keeps the caller's tier priority, is listed best first, and a second one is a duplicate")
    void callbackRequests() throws Exception {
        Phones.customer("CB-1", "Callback Gold", "+86 135 6000 0001", "gold", null);
        assertEquals("OK", callback("13560000001", "1795500000.1"));
        assertEquals("DUPLICATE", callback("+86 135 6000 0001", "1795500000.2"));
        assertEquals("OK", callback("13560009999", "1795500000.3"));

        Http agent = Http.as("agent1");
        var list = agent.get("/api/callbacks").bodyAsJsonObject().getJsonArray("callbacks");
        JsonObject gold = list.stream().map(JsonObject.class::cast).filter(c -> "+8613560000001".equals(c.getString("number")))
                .findFirst().orElseThrow();
        JsonObject unknown = list.stream().map(JsonObject.class::cast).filter(c -> "+8613560009999".equals(c.getString("number")))
                .findFirst().orElseThrow();
        assertEquals(20, gold.getInteger("priority"));
        assertEquals("Callback Gold", gold.getString("customer"));
        assertEquals(0, unknown.getInteger("priority"));
        assertEquals(true, indexOf(list, gold) < indexOf(list, unknown), "best first");

        assertEquals(200, agent.post("/api/callbacks/" + gold.getLong("id") + "/done", new JsonObject()).statusCode());
        assertEquals(404, agent.post("/api/callbacks/" + gold.getLong("id") + "/done", new JsonObject()).statusCode());
        assertEquals("OK", callback("13560000001", "1795500000.4"), "once done, a new request is welcome");
        assertEquals(401, Http.anonymous().get("/api/callbacks").statusCode());
    }

    private static int indexOf(io.vertx.core.json.JsonArray list, JsonObject item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.getJsonObject(i).getLong("id").equals(item.getLong("id"))) {
                return i;
            }
        }
        return -1;
    }
}
