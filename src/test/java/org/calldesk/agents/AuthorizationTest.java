package org.calldesk.agents;

import org.calldesk.platform.Role;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class AuthorizationTest {

    private static final Map<String, Http> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    private static Http session(String who) {
        return "anonymous".equals(who) ? Http.anonymous() : sessions.computeIfAbsent(who, Http::as);
    }

    @ParameterizedTest(name = "{0} {1}: anonymous {2}, agent {3}, supervisor {4}, admin {5}")
    @DisplayName("every endpoint answers each role as the design says")
    @CsvSource({
            "GET,  /api/me,                      401, 200, 200, 200",
            "GET,  /api/customers?q=a,           401, 200, 200, 200",
            "POST, /api/customers/reclassify,    401, 403, 403, 200",
            "POST, /api/customers/import,        401, 403, 403, 200",
            "GET,  /customers,                   302, 200, 200, 200",
            "GET,  /,                            302, 200, 200, 200",
            "GET,  /admin/import,                302, 403, 403, 200",
            "GET,  /health,                      200, 200, 200, 200",
            "GET,  /login,                       200, 302, 302, 302",
            "GET,  /console,                     302, 200, 200, 200",
            "GET,  /api/agents/states,           401, 403, 200, 200",
            "GET,  /api/agents,                  401, 403, 403, 200",
            "PATCH, /api/agents/1,               401, 403, 403, 400",
            "POST, /api/sim/calls,               401, 403, 400, 400",
            "POST, /api/calls/originate,         401, 400, 400, 400",
            "GET,  /complaints,                  302, 200, 200, 200",
            "GET,  /board/complaints,            302, 403, 200, 200",
            "GET,  /api/board/complaints,        401, 403, 200, 200"})
    void matrix(String method, String path, int anonymous, int agent, int supervisor, int admin) {
        boolean csv = path.endsWith("/import");
        String body = csv ? "AUTHZ-1,Matrix Row,+86 133 9999 0001,,1,0,,,\n" : "{}";
        List<String> roles = List.of("anonymous", "agent1", "supervisor", "admin");
        List<Integer> expected = List.of(anonymous, agent, supervisor, admin);
        for (int i = 0; i < roles.size(); i++) {
            HttpResponse<Buffer> response = TestServer.await(session(roles.get(i))
                    .send(HttpMethod.valueOf(method), path, csv ? "text/csv" : "application/json", Buffer.buffer(body)));
            assertEquals(expected.get(i), response.statusCode(), roles.get(i) + " " + method + " " + path + ": " + response.bodyAsString());
            if (path.startsWith("/api/") && response.statusCode() >= 400) {
                assertTrue(response.bodyAsJsonObject().containsKey("error"), "API errors are JSON with an 'error'");
            }
        }
    }

    @Test
    @DisplayName("a state-changing call without the session's CSRF token is refused with 403")
    void csrf() {
        Http admin = Http.as("admin");
        HttpResponse<Buffer> without = admin.postWithoutCsrf("/api/customers/reclassify", new JsonObject());
        assertEquals(403, without.statusCode());
        assertTrue(without.bodyAsJsonObject().getString("error").contains("X-CSRF-Token"));
        assertEquals(200, admin.post("/api/customers/reclassify", new JsonObject()).statusCode());
        Http other = Http.as("admin");
        assertNotEquals(admin.csrf(), other.csrf(), "each session has its own token");
    }

    @Test
    @DisplayName("login answers with the role and a CSRF token and sets an HttpOnly, SameSite=Lax cookie; logout ends it")
    void loginAndLogout() {
        Http http = Http.anonymous();
        HttpResponse<Buffer> response = http.post("/api/login", new JsonObject().put("username", "supervisor").put("password", TestServer.PASSWORD));
        assertEquals(200, response.statusCode());
        assertEquals("supervisor", response.bodyAsJsonObject().getString("role"));
        assertEquals("supervisor", response.bodyAsJsonObject().getString("username"));
        String cookie = response.cookies().stream().filter(c -> c.startsWith("calldesk.session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);

        Http agent = Http.as("agent1");
        assertEquals(200, agent.get("/api/me").statusCode());
        assertEquals(200, agent.post("/api/logout", new JsonObject()).statusCode());
        assertEquals(401, agent.get("/api/me").statusCode());
        assertEquals(400, Http.anonymous().post("/api/login", new JsonObject().put("username", "x")).statusCode());
    }

    @Test
    @DisplayName("a login body not declared as JSON (what a cross-site text/plain form can send) is refused, and logs nobody in")
    void loginNeedsJson() {
        Http browser = Http.anonymous();
        String credentials = new JsonObject().put("username", "supervisor").put("password", TestServer.PASSWORD).encode();
        HttpResponse<Buffer> forged = TestServer.await(browser.send(HttpMethod.POST, "/api/login", "text/plain", Buffer.buffer(credentials)));
        assertEquals(415, forged.statusCode(), forged.bodyAsString());
        assertTrue(forged.bodyAsJsonObject().getString("error").contains("application/json"));
        assertEquals(401, browser.get("/api/me").statusCode());
        HttpResponse<Buffer> real = TestServer.await(browser.send(HttpMethod.POST, "/api/login", "application/json", Buffer.buffer(credentials)));
        assertEquals(200, real.statusCode(), "the same body declared as JSON logs in");
    }

    @Test
    @DisplayName("passwords are stored salted and hashed, never in clear")
    void passwordsHashed() {
        Set<String> hashes = new HashSet<>();
        for (Row row : TestServer.await(TestServer.get().server.pg().query("SELECT password_hash FROM agents").execute())) {
            String hash = row.getString("password_hash");
            assertTrue(hash.startsWith("pbkdf2-sha256$"), hash);
            assertTrue(!hash.contains(TestServer.PASSWORD));
            hashes.add(hash);
        }
        assertTrue(hashes.size() >= 4, "the same password gives a different hash per user (salt)");
    }

    @Test
    @DisplayName("repeated failed logins throttle the username and say nothing about whether it exists")
    void throttling() {
        AgentStore store = TestServer.get().server.agents();
        TestServer.await(store.create(new AgentStore.NewAgent("throttled", "T", Role.AGENT, null, List.of(), List.of(), null), TestServer.PASSWORD));
        for (String username : List.of("throttled", "no-such-user")) {
            Http http = Http.anonymous();
            String firstError = null;
            for (int i = 0; i < 5; i++) {
                HttpResponse<Buffer> wrong = http.post("/api/login", new JsonObject().put("username", username).put("password", "wrong"));
                assertEquals(401, wrong.statusCode());
                firstError = wrong.bodyAsString();
            }
            assertEquals("{\"error\":\"invalid username or password\"}", firstError);
            HttpResponse<Buffer> blocked = http.post("/api/login", new JsonObject().put("username", username).put("password", TestServer.PASSWORD));
            assertEquals(429, blocked.statusCode(), username);
            assertTrue(blocked.bodyAsJsonObject().getString("error").startsWith("too many failed logins"));
        }
    }
}
