package org.calldesk.screenpop;

import io.vertx.core.json.JsonObject;
import org.calldesk.customers.CustomerCard;
import org.calldesk.routing.IvrChoice;
import org.calldesk.routing.OpenComplaint;
import org.calldesk.routing.RouteDecision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PopCardTest {

    private static final CustomerCard.Interaction CALL = new CustomerCard.Interaction(9,
            OffsetDateTime.parse("2026-03-04T09:15:02.5+08:00"), "call", "answered by agent3 after 12 s", "1795339966.7",
            new JsonObject().put("outcome", "answered").put("queue", "service"), "agent3");
    private static final CustomerCard LI_WEI = new CustomerCard(42, "C-42", "Li Wei", "li.wei@example.com", "gold", 7,
            new BigDecimal("1234.5"), new BigDecimal("2000.00"), new BigDecimal("765.50"), "active",
            LocalDate.of(2024, 1, 1), LocalDate.of(2026, 3, 1), List.of("+8613800138000"),
            new CustomerCard.Manager(3, "agent3", "Agent Three", "PJSIP/agent3"), List.of(CALL));
    private static final OpenComplaint LATE_PARCEL = new OpenComplaint(17, "Parcel late", "high", "in_progress",
            Instant.parse("2026-03-04T06:00:00Z"), Instant.parse("2026-03-04T06:00:00Z"), "at_risk");
    private static final OpenComplaint PAUSED = new OpenComplaint(18, "Wrong bill", "normal", "waiting_customer",
            null, null, "paused");

    private static PopCard routed() {
        RouteDecision decision = new RouteDecision("service", 30, "PJSIP/agent3", RouteDecision.GREETING_KNOWN,
                "gold tier 20 + complaint at risk 10 = 30; account manager agent3 first");
        return PopCard.of("+8613800138000", IvrChoice.COMPLAINT, LI_WEI, List.of(LATE_PARCEL, PAUSED), PopCard.Route.of(decision));
    }

    @Test
    @DisplayName("a routed card has the fields and shapes the console reads, its history and complaints included")
    void routedShape() {
        assertEquals("""
                {"caller":"+8613800138000","ivr":"complaint",\
                "customer":{"id":42,"name":"Li Wei","tier":"gold","value":1234.5,"lifecycle":"active","accountManager":"Agent Three"},\
                "history":[{"id":9,"at":"2026-03-04T09:15:02.5+08:00","kind":"call","summary":"answered by agent3 after 12 s",\
                "linkedid":"1795339966.7","details":{"outcome":"answered","queue":"service"},"agent":"agent3"}],\
                "openComplaints":[\
                {"id":17,"subject":"Parcel late","severity":"high","status":"in_progress","resolutionDue":"2026-03-04T06:00:00Z",\
                "breachAt":"2026-03-04T06:00:00Z","slaState":"at_risk"},\
                {"id":18,"subject":"Wrong bill","severity":"normal","status":"waiting_customer","resolutionDue":null,\
                "breachAt":null,"slaState":"paused"}],\
                "route":{"queue":"service","priority":30,"reason":"gold tier 20 + complaint at risk 10 = 30; account manager agent3 first"}}""",
                routed().toJson().encode());
    }

    @Test
    @DisplayName("a card kept in Redis reads back as the card that was kept")
    void roundTrip() {
        PopCard card = routed();
        PopCard back = PopCard.fromJson(new JsonObject(card.toJson().encode()));
        assertEquals(card, back);
        assertEquals(card.toJson().encode(), back.toJson().encode());
    }

    @Test
    @DisplayName("a call calldesk did not route gets a card with no ivr, no customer and the queue it rang in")
    void notRouted() {
        PopCard card = PopCard.of("5551234", null, null, List.of(), new PopCard.Route("sales", 0, "not routed by calldesk"));
        String json = """
                {"caller":"5551234","customer":null,"history":[],"openComplaints":[],\
                "route":{"queue":"sales","priority":0,"reason":"not routed by calldesk"}}""";
        assertEquals(json, card.toJson().encode());
        assertEquals(card, PopCard.fromJson(new JsonObject(json)));
    }
}
