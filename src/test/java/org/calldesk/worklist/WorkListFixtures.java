package org.calldesk.worklist;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** Callbacks, complaints and attempts for the work-list tests, on the shared test server. */
final class WorkListFixtures {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 50_000));

    private WorkListFixtures() {
    }

    /** A fresh valid mobile number, E.164, unused by other tests. */
    static String number() {
        return String.format("+86137660%05d", NEXT.incrementAndGet() % 100_000);
    }

    static Row one(String sql, Object... args) {
        var rows = TestServer.await(TestServer.get().server.pg().preparedQuery(sql).execute(Tuple.from(args)));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** A pending callback request, as the hotline stores it, asked {@code age} ago. */
    static long callback(String number, Long customerId, String tier, int priority, String queue, Duration age) {
        return one("""
                INSERT INTO callbacks (caller_number, customer_id, tier, priority, reason, requested_at, queue)
                VALUES ($1, $2, $3, $4, 'test', $5, $6) RETURNING id""", number, customerId, tier, priority,
                Instant.now().minus(age).atOffset(ZoneOffset.UTC), queue).getLong("id");
    }

    static Row callbackRow(long id) {
        return one("SELECT * FROM callbacks WHERE id = $1", id);
    }

    static long agentId(String username) {
        return one("SELECT id FROM agents WHERE username = $1", username).getLong("id");
    }

    /** POSTs and expects 202; the attempt's id. */
    static String call(Http agent, String path, JsonObject body) {
        var response = agent.post(path, body);
        if (response.statusCode() != 202) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject().getString("id");
    }

    /** The attempt once the phone system has said how it ended. */
    static JsonObject settled(Http agent, String attempt) {
        JsonObject[] last = {null};
        Await.until("the outcome of " + attempt, WAIT, () -> {
            var response = agent.get("/api/worklist/attempts/" + attempt);
            last[0] = response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
            return last[0] != null && last[0].getString("outcome") != null;
        });
        return last[0];
    }

    /** The callback once its claim is released (the outcome written into it). */
    static Row released(long id) {
        Await.until("callback " + id + " released", WAIT, () -> !"dialling".equals(callbackRow(id).getString("status")));
        return callbackRow(id);
    }

    static JsonObject complaint(long customerId) {
        return new JsonObject().put("customerId", customerId).put("category", "billing").put("severity", "normal")
                .put("subject", "Charged twice").put("description", "The March invoice was charged twice.");
    }
}
