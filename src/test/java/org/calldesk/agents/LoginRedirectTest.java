package org.calldesk.agents;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, item 14: after login, {@code next} leads only to this server's own pages. */
@ServerTest
class LoginRedirectTest {

    /** Each would take the browser to evil.example, or break the redirect, if followed as written. */
    @ParameterizedTest(name = "next = {0}")
    @ValueSource(strings = {
            "/\t/evil.example/x", "/\n/evil.example/x", "//evil.example/x", "/\\evil.example/x", "\\/evil.example/x",
            "/\\/evil.example", "https://evil.example/x", "http:/evil.example",
            " //evil.example", "javascript:alert(1)", "evil.example/x", "/x\r\nSet-Cookie: evil=1"})
    @DisplayName("a next that would leave the site, or break the Location header, sends the user home instead")
    void offSiteNextGoesHome(String next) {
        HttpResponse<Buffer> login = formLogin(next);
        assertEquals(302, login.statusCode(), login.bodyAsString());
        assertEquals("/console", login.getHeader("Location"), "an agent's home is the console");

        HttpResponse<Buffer> page = get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode());
        assertFalse(page.bodyAsString().contains("name=\"next\""), "the login form must not carry it on: " + page.bodyAsString());
    }

    @Test
    @DisplayName("a next on this server is followed, query and all")
    void localNextIsFollowed() {
        HttpResponse<Buffer> login = formLogin("/customers?q=wang%20wei");
        assertEquals(302, login.statusCode(), login.bodyAsString());
        assertEquals("/customers?q=wang%20wei", login.getHeader("Location"));
        assertTrue(get("/login?next=%2Fcomplaints").bodyAsString().contains("value=\"/complaints\""));
    }

    @Test
    @DisplayName("dot segments are resolved before the check, so they cannot climb to a path that starts with two slashes")
    void dotSegmentsResolved() {
        assertEquals("/complaints", formLogin("/customers/../complaints").getHeader("Location"));
        assertEquals("/evil.example/x", formLogin("/a/..//evil.example/x").getHeader("Location"), "a path on this server");
    }

    @Test
    @DisplayName("with no next, agents land on the console, not the search page; supervisors on the start page")
    void agentsLandOnTheConsole() {
        assertEquals("/console", formLogin("agent2", null).getHeader("Location"));
        assertEquals("/", formLogin("supervisor", null).getHeader("Location"));
    }

    private static WebClient client() {
        TestServer server = TestServer.get();
        return WebClient.create(server.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port).setFollowRedirects(false));
    }

    private static HttpResponse<Buffer> formLogin(String next) {
        return formLogin("agent2", next);
    }

    private static HttpResponse<Buffer> formLogin(String username, String next) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("username", username)
                .add("password", TestServer.PASSWORD);
        if (next != null) {
            form.add("next", next);
        }
        // A line break in next used to leave the request unanswered: a bounded wait turns that into a failure.
        return TestServer.await(client().post("/login").timeout(5000).sendForm(form));
    }

    private static HttpResponse<Buffer> get(String path) {
        return TestServer.await(client().get(path).timeout(5000).send());
    }
}
