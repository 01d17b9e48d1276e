package org.calldesk.worklist;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.Phones;
import org.calldesk.TestServer;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.calldesk.worklist.WorkListFixtures.callback;
import static org.calldesk.worklist.WorkListFixtures.callbackRow;
import static org.calldesk.worklist.WorkListFixtures.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A callback is dialled by one agent at a time, however many click its button at once. */
@ServerTest
class CallbackClaimTest {

    @AfterEach
    void reset() {
        Phones.reset();
    }

    @Test
    @DisplayName("twenty claims of one callback at once, from two agents: exactly one wins, the others hear who is calling")
    void claimedOnce() {
        TestServer server = TestServer.get();
        CallbackSettings settings = CallbackSettings.from(ConfigSection.root(Config.defaults()));
        CallbackCalls calls = new CallbackCalls(server.server.pg(), null, new Attempts(server.server.pg(), Clock.systemUTC()),
                settings, Clock.systemUTC());
        List<SessionUser> agents = List.of(
                new SessionUser(WorkListFixtures.agentId("agent1"), "agent1", "Agent One", Role.AGENT, "PJSIP/1001"),
                new SessionUser(WorkListFixtures.agentId("agent2"), "agent2", "Agent Two", Role.AGENT, "PJSIP/1002"));
        for (int round = 0; round < 5; round++) {
            long id = callback(number(), null, null, 0, "service", Duration.ofMinutes(3));
            List<Future<CallbackCalls.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                claims.add(calls.claim(agents.get(i % 2), id));
            }
            TestServer.await(Future.join(claims).otherwiseEmpty());
            List<CallbackCalls.Claim> won = claims.stream().filter(Future::succeeded).map(Future::result).toList();
            assertEquals(1, won.size(), "round " + round + ": one claim wins");
            assertEquals(1, won.getFirst().attempt(), "and it is the first attempt");
            claims.stream().filter(Future::failed).forEach(f -> {
                assertInstanceOf(Conflict.class, f.cause());
                assertTrue(f.cause().getMessage().contains("is being called by Agent"), f.cause().getMessage());
            });
            var row = callbackRow(id);
            assertEquals("dialling", row.getString("status"));
            assertEquals(1, row.getInteger("attempts"), "one attempt counted, not twenty");
        }
    }

    @Test
    @DisplayName("two agents press Call on the same callback at the same moment: one call is placed (202), the other is told 409")
    void twoButtonsOneCall() {
        Http agent1 = Http.as("agent1");
        Http agent2 = Http.as("agent2");
        long id = callback(number(), null, null, 0, "service", Duration.ofMinutes(3));
        String path = "/api/worklist/callbacks/" + id + "/call";
        var first = agent1.send(HttpMethod.POST, path, Buffer.buffer("{}"));
        var second = agent2.send(HttpMethod.POST, path, Buffer.buffer("{}"));
        TestServer.await(Future.join(first, second).otherwiseEmpty());
        List<Integer> statuses = new ArrayList<>(List.of(first.result().statusCode(), second.result().statusCode()));
        statuses.sort(null);
        assertEquals(List.of(202, 409), statuses, first.result().bodyAsString() + " / " + second.result().bodyAsString());
        Http winner = first.result().statusCode() == 202 ? agent1 : agent2;
        String attempt = (first.result().statusCode() == 202 ? first : second).result().bodyAsJsonObject().getString("id");
        JsonObject settled = WorkListFixtures.settled(winner, attempt);
        assertEquals("connected", settled.getString("outcome"));
        assertEquals(id, settled.getLong("callbackId"));
        assertEquals("done", WorkListFixtures.released(id).getString("status"));
    }
}
