package org.calldesk.telephony;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    @DisplayName("a caller ID that is not a number to call back (text, too short, no such number, premium-rate) is refused and not listed")
    void garbageNumbersRefused() throws Exception {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        String premium = phones.format(phones.getExampleNumberForType("CN", PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE),
            PhoneNumberUtil.PhoneNumberFormat.E164);
        List<String> garbage = List.of("anonymous", "' OR 1=1 --", "<b>13560000002</b>", "12", "0000000", "13560000003;rm", premium);
        for (int i = 0; i < garbage.size(); i++) {
            assertEquals("FAILED", callback(garbage.get(i), "1795510000." + i), garbage.get(i));
        }

        var numbers = Http.as("agent1").get("/api/callbacks").bodyAsJsonObject().getJsonArray("callbacks").stream()
            .map(JsonObject.class::cast).map(c -> c.getString("number")).toList();
        for (String number : numbers) {
            assertTrue(number.matches("\\+[0-9]{6,15}") && !number.equals(premium), "listed: " + number);
        }
        assertEquals("OK", callback("+86 (135) 6000-0004", "1795510000.9"), "the usual separators are fine");
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
