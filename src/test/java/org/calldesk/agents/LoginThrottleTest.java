package org.calldesk.agents;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.Redis;
import org.calldesk.platform.Role;
import org.calldesk.platform.SecuritySettings;
import org.calldesk.testing.ServerTest;
import org.calldesk.testing.TestRedis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.calldesk.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The login throttle against guesses sent all at once, without Redis, and from another address. */
@ServerTest
class LoginThrottleTest {

    private static final int LIMIT = 5;
    private final TestServer test = TestServer.get();

    private String newUser(Role role) {
        String username = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        await(test.server.agents().create(new AgentStore.NewAgent(username, "Guessed", role, null, List.of(), List.of(), null),
                TestServer.PASSWORD));
        return username;
    }

    /** A client with a connection per request, from {@code localAddress} (all of 127/8 reaches the server). */
    private WebClient client(String localAddress) {
        return WebClient.create(test.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(test.port)
                .setLocalAddress(localAddress).setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(64));
    }

    private static Future<HttpResponse<Buffer>> login(WebClient client, String username, String password) {
        return client.post("/api/login").sendJsonObject(new JsonObject().put("username", username).put("password", password));
    }

    /** 39 wrong guesses and the right password, sent together; how many the server checked (answered other than 429). */
    private long burst(WebClient client, String username) {
        return burst(client, username, true);
    }

    /**
     * Forty logins at once; with {@code rightOneLast} the last carries the right password. Sent in parallel, that one
     * may be counted before the limit is reached and pass (and a pass clears the count): a test that needs the
     * limit reached afterwards sends only wrong ones.
     */
    private long burst(WebClient client, String username, boolean rightOneLast) {
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (int i = 0; i < 39; i++) {
            sent.add(login(client, username, "guess-" + i));
        }
        sent.add(login(client, username, rightOneLast ? TestServer.PASSWORD : "guess-39"));
        await(Future.join(sent));
        sent.forEach(f -> assertTrue(f.succeeded(), String.valueOf(f.cause())));
        List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
        // 503: the right password checked while Redis is down, where the session would have to be kept.
        statuses.forEach(status -> assertTrue(status == 401 || status == 429 || status == 200 || status == 503, statuses.toString()));
        return statuses.stream().filter(status -> status != 429).count();
    }

    @Test
    @DisplayName("forty logins sent at once, 39 wrong and the right one: no more than the limit are checked")
    void parallelGuesses() {
        WebClient client = client("127.0.0.1");
        try {
            long checked = burst(client, newUser(Role.AGENT));
            assertTrue(checked >= 1 && checked <= LIMIT, checked + " of 40 logins were checked; the limit is " + LIMIT);
        } finally {
            client.close();
        }
    }

    @Test
    @DisplayName("with Redis down, guesses are still throttled, in memory")
    void throttledWithoutRedis() {
        String username = newUser(Role.AGENT);
        WebClient client = client("127.0.0.1");
        TestRedis redis = test.redis;
        redis.stop();
        try {
            long checked = burst(client, username, false);
            assertTrue(checked <= LIMIT, checked + " of 40 logins were checked without Redis; the limit is " + LIMIT);
            assertEquals(429, await(login(client, username, TestServer.PASSWORD)).statusCode());
        } finally {
            redis.restart();
            client.close();
        }
        // A login that has nothing against it passes the throttle without Redis, but sessions live in Redis: it is
        // answered 503, saying so, rather than handing out a session no node could find.
        WebClient fresh = client("127.0.0.1");
        redis.stop();
        try {
            var refused = await(login(fresh, newUser(Role.AGENT), TestServer.PASSWORD));
            assertEquals(503, refused.statusCode(), refused.bodyAsString());
            assertTrue(refused.bodyAsJsonObject().getString("error").contains("try again shortly"), refused.bodyAsString());
        } finally {
            redis.restart();
            fresh.close();
        }
    }

    @Test
    @DisplayName("attempts Redis counted and attempts it could not count add up: losing Redis mid-burst lets no more through")
    void redisLostMidBurst() {
        LoginThrottle throttle = new LoginThrottle(test.server.redis(), new SecuritySettings(LIMIT, 1, 8, 3600, 1000),
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        String user = newUser(Role.AGENT);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(await(throttle.attempt(user, "10.0.0.2")));
        }
        TestRedis redis = test.redis;
        redis.stop();
        try {
            for (int i = 0; i < 2 * LIMIT; i++) {
                waits.add(await(throttle.attempt(user, "10.0.0.2")));
            }
        } finally {
            redis.restart();
        }
        assertEquals(LIMIT, waits.stream().filter(w -> w == 0).count(), "attempts let through: " + waits);
    }

    @Test
    @DisplayName("guesses from another address do not lock an admin out of their own")
    void otherAddressCannotLockOut() {
        String admin = newUser(Role.ADMIN);
        WebClient attacker = client("127.0.0.2");
        WebClient owner = client("127.0.0.1");
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 2 * LIMIT; i++) {
                statuses.add(await(login(attacker, admin, "guess-" + i)).statusCode());
            }
            assertEquals(LIMIT, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
            assertEquals(429, await(login(attacker, admin, TestServer.PASSWORD)).statusCode(),
                    "the attacker's address is throttled even with the right password");
            assertEquals(200, await(login(owner, admin, TestServer.PASSWORD)).statusCode(),
                    "the admin's own address is not");
        } finally {
            attacker.close();
            owner.close();
        }
    }

    @ParameterizedTest(name = "counted in Redis: {0}")
    @ValueSource(booleans = {true, false})
    @DisplayName("past the limit each attempt waits a delay that doubles up to the longest, per address; a success forgets")
    void delayGrows(boolean withRedis) {
        AtomicLong now = new AtomicLong(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        // a Redis nobody listens on: every call fails, so the throttle counts in memory
        Redis unreachable = withRedis ? null : new Redis(test.vertx, "redis://127.0.0.1:" + EmbeddedServices.freePort(), 250, 1, 60_000);
        LoginThrottle throttle = new LoginThrottle(withRedis ? test.server.redis() : unreachable,
                new SecuritySettings(3, 1, 8, 3600, 1000), clock);
        String user = newUser(Role.AGENT);
        try {
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waits.add(await(throttle.attempt(user, "10.0.0.1")));
            }
            assertEquals(List.of(0L, 0L, 0L), waits, "three failures allowed");
            for (long expected : new long[]{1, 2, 4, 8, 8}) {
                assertEquals(expected, await(throttle.attempt(user, "10.0.0.1")), "refused, with the wait");
                now.addAndGet(expected * 1000 - 1);
                assertEquals(1, await(throttle.attempt(user, "10.0.0.1")), "a millisecond early is still early");
                now.addAndGet(1);
                assertEquals(0, await(throttle.attempt(user, "10.0.0.1")), "let through once the wait is over");
            }
            assertEquals(0, await(throttle.attempt(user, "10.0.0.2")), "another address is not held up");
            await(throttle.succeeded(user, "10.0.0.1"));
            assertEquals(0, await(throttle.attempt(user, "10.0.0.1")), "a success forgets the failures");
        } finally {
            if (unreachable != null) {
                unreachable.close();
            }
        }
    }
}
