package org.calldesk.customers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The customer cache through a Redis that hangs: what it held must not outlive what PostgreSQL says. */
@ServerTest
class CustomerCacheOutageTest {

    private final TestServer test = TestServer.get();
    private final Http agent = Http.as("agent1");

    @Test
    @DisplayName("a card evicted while Redis hung is not shown stale once Redis answers again, and every cached card expires")
    void evictionDuringAHang() {
        String phone = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String name = "Hung Hana " + phone;
        Http admin = Http.as("admin");
        assertEquals(200, admin.postText("/api/customers/import", "HANG-" + phone + "," + name + ",+86" + phone + ",,10,1,,,\n")
                .statusCode());
        long id = card(phone).getLong("id");
        interaction(id, "first call");
        await(test.server.customers().forget(id));
        assertEquals(1, history(phone), "the first call, read from PostgreSQL");
        Await.until("the card to be cached", Duration.ofSeconds(5), () -> !cachedKeys(name).isEmpty());

        TestRedis redis = test.redis;
        redis.pause();
        try {
            // In a hang of many seconds the server's other Redis calls time out first, and Jedis drops each
            // connection that timed out: the eviction then needs a new connection, which cannot be opened.
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                others.add(test.server.redis().ping());
            }
            await(Future.join(others).otherwiseEmpty());
            interaction(id, "second call");
            // as the call store does after a call: the eviction goes to a Redis that does not answer
            await(test.server.customers().forget(id));
        } finally {
            redis.resume();
        }
        assertEquals(2, history(phone), "PostgreSQL has two calls: the card must not show the cached one");

        Await.until("the card to be cached again", Duration.ofSeconds(5), () -> !cachedKeys(name).isEmpty());
        for (String key : cachedKeys(name)) {
            long ttl = await(test.server.redis().call(jedis -> jedis.ttl(key)));
            assertTrue(ttl > 0, key + " has no expiry (TTL " + ttl + ")");
        }
    }

    private JsonObject card(String phone) {
        var response = agent.get("/api/customers?phone=" + phone);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private int history(String phone) {
        return card(phone).getJsonArray("interactions").size();
    }

    private void interaction(long customerId, String summary) {
        await(test.server.pg().preparedQuery("INSERT INTO interactions (customer_id, kind, summary) VALUES ($1, 'call', $2)")
                .execute(Tuple.of(customerId, summary)));
    }

    /** Keys of the customer cache whose value holds this text, whatever shape the cache keeps entries in. */
    private List<String> cachedKeys(String text) {
        return await(test.server.redis().call(jedis -> {
            List<String> found = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("cd:customer*").count(1000));
                for (String key : page.getResult()) {
                    String type = jedis.type(key);
                    boolean holds = switch (type) {
                        case "string" -> String.valueOf(jedis.get(key)).contains(text);
                        case "hash" -> jedis.hvals(key).stream().anyMatch(v -> v.contains(text));
                        default -> false;
                    };
                    if (holds) {
                        found.add(key);
                    }
                }
                cursor = page.getCursor();
            } while (!"0".equals(cursor));
            return found;
        }));
    }
}
