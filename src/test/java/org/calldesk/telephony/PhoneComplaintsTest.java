package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The complaint desk on the phone: status over FastAGI, and repeat callers. */
@ServerTest
class PhoneComplaintsTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static long openComplaint(long customerId, String subject) {
        var created = Http.as("agent1").post("/api/complaints", new JsonObject().put("customerId", customerId)
                .put("category", "delivery").put("severity", "high").put("subject", subject)
                .put("description", "parcel lost"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject().getLong("id");
    }

    @Test
    @DisplayName("complaint-status over FastAGI gives the caller's open complaints, the most urgent one's status and due time")
    void complaintStatus() throws Exception {
        long customer = Phones.customer("CS-1", "Status Caller", "+86 135 4000 0001", "silver", null);
        long complaint = openComplaint(customer, "Where is my parcel");
        int port = TestServer.get().server.config().getJsonObject("telephony").getJsonObject("agi").getInteger("port");

        Map<String, String> vars = AgiClient.converse(port, AgiClient.request(port, "complaint-status", "13540000001", "1795400000.1", ""));
        assertEquals("1", vars.get("CALLDESK_OPEN_COMPLAINTS"));
        assertEquals("new", vars.get("CALLDESK_COMPLAINT_STATUS"));
        JsonObject detail = Http.as("agent1").get("/api/complaints/" + complaint).bodyAsJsonObject();
        assertEquals(Instant.parse(detail.getString("resolutionDue")).getEpochSecond(), Long.parseLong(vars.get("CALLDESK_COMPLAINT_DUE")));

        Map<String, String> unknown = AgiClient.converse(port, AgiClient.request(port, "complaint-status", "13540009999", "1795400000.2", ""));
        assertEquals("0", unknown.get("CALLDESK_OPEN_COMPLAINTS"));
        assertEquals("unknown_caller", unknown.get("CALLDESK_COMPLAINT_STATUS"));
        assertEquals("", unknown.get("CALLDESK_COMPLAINT_DUE"));
    }

    @Test
    @DisplayName("a repeat caller with an open complaint escalates it once and is routed with the complaint and repeat boosts")
    void repeatCaller() {
        long customer = Phones.customer("CS-2", "Repeat Caller", "+86 135 4000 0002", "silver", null);
        long complaint = openComplaint(customer, "Broken on arrival");
        for (int i = 0; i < 2; i++) {
            TestServer.await(TestServer.get().server.pg().preparedQuery("""
                    INSERT INTO calls (linkedid, caller_number, customer_id, queue, entered_at, ended_at, outcome)
                    VALUES ($1, '+8613540000002', $2, 'service', now() - interval '1 hour', now() - interval '55 minutes', 'answered')""")
                    .execute(Tuple.of("earlier-" + customer + "-" + i, customer)));
        }
        Phones.state(Http.as("agent1"), "paused");
        String linkedid = Phones.call("+8613540000002", "complaint");
        Await.until("the call to queue", Duration.ofSeconds(10), () -> Phones.phase(linkedid) == LiveCall.Phase.QUEUED);
        RouteInfo route = Phones.live(linkedid).orElseThrow().route();
        assertEquals(20, route.priority(), route.reason());
        assertTrue(route.reason().contains("repeat caller 5") && route.reason().contains("open complaint 5"), route.reason());
        assertEquals("complaints", route.queue());

        Await.until("the complaint to be escalated", Duration.ofSeconds(5), () -> level(complaint) == 1);
        Row event = TestServer.await(TestServer.get().server.pg().preparedQuery(
                "SELECT count(*) AS n FROM complaint_events WHERE complaint_id = $1 AND kind = 'repeat-call'")
                .execute(Tuple.of(complaint))).iterator().next();
        assertEquals(1, event.getLong("n"));
    }

    private static int level(long complaint) {
        return TestServer.await(TestServer.get().server.pg().preparedQuery("SELECT escalation_level FROM complaints WHERE id = $1")
                .execute(Tuple.of(complaint))).iterator().next().getInteger(0);
    }
}
