package org.calldesk.worklist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.calldesk.worklist.WorkListFixtures.callback;
import static org.calldesk.worklist.WorkListFixtures.number;
import static org.calldesk.worklist.WorkListFixtures.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who sees what on the work list: an agent their own and their queues' callbacks, the follow-ups of the complaints
 * they own, their own account items; supervisors everyone's. Each refusal is checked on the API, not only the page.
 */
@ServerTest
class WorkListAccessTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    private static List<Long> ids(Http user, String list, String field) {
        var response = user.get("/api/worklist");
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonArray array = response.bodyAsJsonObject().getJsonArray(list);
        return array.stream().map(JsonObject.class::cast).map(o -> o.getLong(field)).toList();
    }

    @Test
    @DisplayName("callbacks: the queue's agents and the customer's account manager see one, others do not and may not call it")
    void callbacksByQueueAndManager() {
        Http agent1 = Http.as("agent1");
        Http manager1 = Http.as("manager1");
        Http supervisor = Http.as("supervisor");
        long vip = callback(number(), null, "platinum", 30, "vip", Duration.ofMinutes(2));
        long service = callback(number(), null, null, 0, "service", Duration.ofMinutes(1));
        String managed = number();
        long customer = Phones.customer("WL-ACC-1", "Managed By Agent One", managed, "platinum", "agent1");
        long mine = callback(managed, customer, "platinum", 30, "vip", Duration.ofMinutes(3));

        List<Long> agent1Sees = ids(agent1, "callbacks", "id");
        assertFalse(agent1Sees.contains(vip), "not agent1's queue");
        assertTrue(agent1Sees.contains(service), "agent1's queue");
        assertTrue(agent1Sees.contains(mine), "agent1 manages the customer");
        assertTrue(agent1Sees.indexOf(mine) < agent1Sees.indexOf(service), "the higher tier first");
        List<Long> managerSees = ids(manager1, "callbacks", "id");
        assertTrue(managerSees.contains(vip));
        assertFalse(managerSees.contains(service));
        assertTrue(ids(supervisor, "callbacks", "id").containsAll(List.of(vip, service, mine)));

        List<Long> listedOld = agent1.get("/api/callbacks").bodyAsJsonObject().getJsonArray("callbacks").stream()
                .map(JsonObject.class::cast).map(c -> c.getLong("id")).toList();
        assertFalse(listedOld.contains(vip), "the older callbacks API keeps to the same rule");
        assertTrue(listedOld.contains(service));
        assertEquals(404, agent1.post("/api/callbacks/" + vip + "/done", new JsonObject()).statusCode());

        var refused = agent1.post("/api/worklist/callbacks/" + vip + "/call", new JsonObject());
        assertEquals(403, refused.statusCode(), refused.bodyAsString());
        assertEquals("pending", WorkListFixtures.callbackRow(vip).getString("status"), "no claim taken");
        assertEquals(404, agent1.post("/api/worklist/callbacks/999999999/call", new JsonObject()).statusCode());
        assertEquals(400, supervisor.post("/api/worklist/callbacks/" + vip + "/call", new JsonObject()).statusCode(),
                "a supervisor without a phone is told so");
        assertEquals(401, Http.anonymous().get("/api/worklist").statusCode());
        var page = supervisor.get("/customers/" + customer);
        assertEquals(200, page.statusCode());
        assertFalse(page.bodyAsString().contains("customer-call"), "no call button for a user without a phone");
        assertTrue(agent1.get("/customers/" + customer).bodyAsString().contains("data-call-phone=\"" + managed + "\""));
        assertEquals(403, agent1.postWithoutCsrf("/api/worklist/callbacks/" + service + "/call", new JsonObject()).statusCode());
    }

    @Test
    @DisplayName("follow-ups due: only the owner (and supervisors) see one and may call about it")
    void followUpsByOwner() {
        Http agent1 = Http.as("agent1");
        Http agent2 = Http.as("agent2");
        long customer = Phones.customer("WL-ACC-2", "Follow Me Up", number(), "gold", null);
        long complaint = agent2.post("/api/complaints", WorkListFixtures.complaint(customer)).bodyAsJsonObject().getLong("id");
        one("""
                UPDATE complaints SET status = 'resolved', resolved_at = now() - interval '2 days',
                    follow_up_due = now() - interval '1 hour', owner_id = (SELECT id FROM agents WHERE username = 'agent2')
                WHERE id = $1""", complaint);

        assertTrue(ids(agent2, "followUps", "complaintId").contains(complaint));
        assertFalse(ids(agent1, "followUps", "complaintId").contains(complaint));
        assertTrue(ids(Http.as("supervisor"), "followUps", "complaintId").contains(complaint));
        var refused = agent1.post("/api/worklist/call", new JsonObject().put("complaintId", complaint));
        assertEquals(403, refused.statusCode(), refused.bodyAsString());

        String attempt = WorkListFixtures.call(agent2, "/api/worklist/call", new JsonObject().put("complaintId", complaint));
        assertEquals("connected", WorkListFixtures.settled(agent2, attempt).getString("outcome"));
        JsonObject shown = agent2.get("/api/worklist").bodyAsJsonObject().getJsonArray("followUps").stream()
                .map(JsonObject.class::cast).filter(f -> f.getLong("complaintId") == complaint).findFirst().orElseThrow();
        assertEquals(1, shown.getInteger("attempts"));
        assertEquals("connected", shown.getString("lastOutcome"));
        assertEquals(403, agent1.get("/api/worklist/attempts/" + attempt).statusCode(), "another agent's attempt");
        assertEquals(200, Http.as("supervisor").get("/api/worklist/attempts/" + attempt).statusCode());
        assertEquals(400, agent1.post("/api/worklist/call", new JsonObject().put("phone", "not a number")).statusCode());
        assertEquals(400, agent1.post("/api/worklist/call", new JsonObject().put("complaintId", "seven")).statusCode());
    }

    @Test
    @DisplayName("the account manager's customer calls, complains, is escalated: three items on the manager's list only")
    void accountManagerItems() {
        Http agent1 = Http.as("agent1");
        Http manager1 = Http.as("manager1");
        String phone = number();
        long customer = Phones.customer("WL-ACC-3", "Key Account", phone, "gold", "manager1");
        Phones.Socket managerScreen = Phones.Socket.open(manager1);

        // A real call through the simulator, answered by agent1: the stored call makes the item.
        Phones.state(agent1, "available");
        String linkedid = Phones.call(phone, "service");
        Await.until("the call is stored", WorkListFixtures.WAIT,
                () -> one("SELECT 1 FROM calls WHERE linkedid = $1", linkedid) != null);
        long complaint = agent1.post("/api/complaints", WorkListFixtures.complaint(customer)).bodyAsJsonObject().getLong("id");
        one("""
                INSERT INTO complaint_events (complaint_id, at, actor, kind, note, level)
                VALUES ($1, now(), 'system', 'escalation', 'test', 1)""", complaint);

        for (String kind : List.of("call", "complaint", "escalation")) {
            JsonObject notice = managerScreen.received.first("the manager's screen hears of the " + kind, WorkListFixtures.WAIT,
                    m -> "account-item".equals(m.getString("type")) && kind.equals(m.getString("kind"))
                            && m.getLong("customerId") == customer);
            assertEquals("Key Account", notice.getString("customer"));
        }
        managerScreen.close();
        List<JsonObject> items = manager1.get("/api/worklist").bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(i -> i.getLong("customerId") == customer).toList();
        assertEquals(List.of("call", "complaint", "escalation"), items.stream().map(i -> i.getString("kind")).toList());
        assertEquals("answered", items.get(0).getString("callOutcome"));
        assertEquals(complaint, items.get(1).getLong("complaintId"));
        assertEquals(complaint, items.get(2).getLong("complaintId"));
        assertFalse(ids(agent1, "items", "customerId").contains(customer), "agent1 does not manage the account");

        long item = items.get(0).getLong("id");
        assertEquals(404, agent1.post("/api/worklist/items/" + item + "/done", new JsonObject()).statusCode());
        assertEquals(403, agent1.post("/api/worklist/call", new JsonObject().put("itemId", item)).statusCode());
        assertEquals(200, manager1.post("/api/worklist/items/" + item + "/done", new JsonObject()).statusCode());
        assertFalse(ids(manager1, "items", "id").contains(item), "done items leave the list");

        JsonObject account = manager1.get("/api/accounts").bodyAsJsonObject().getJsonArray("accounts").stream()
                .map(JsonObject.class::cast).filter(a -> a.getLong("id") == customer).findFirst().orElseThrow();
        assertEquals("gold", account.getString("tier"));
        assertEquals(1, account.getInteger("openComplaints"));
        assertEquals(2, account.getInteger("openItems"));
        assertTrue(account.getString("lastContact") != null, "the call is the last contact");
        assertEquals(403, agent1.get("/api/accounts?manager=manager1").statusCode());
        assertEquals(200, Http.as("supervisor").get("/api/accounts?manager=manager1").statusCode());
        assertEquals(200, manager1.get("/accounts").statusCode());
    }
}
