package org.calldesk.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class SecurityHeadersTest {

    @Test
    @DisplayName("API answers, customers' data among them, are never cached, refusals included")
    void apiNotCached() {
        Http agent = Http.as("agent1");
        assertEquals("no-store", agent.get("/api/me").getHeader("Cache-Control"));
        assertEquals("no-store", agent.get("/api/customers?phone=13999999999").getHeader("Cache-Control"), "a 404");
        assertEquals("no-store", Http.anonymous().get("/api/me").getHeader("Cache-Control"), "a 401");
    }

    @Test
    @DisplayName("pages, error pages included, carry a Content-Security-Policy that runs only this server's scripts")
    void pagesCarryPolicy() {
        assertOwnScriptsOnly(Http.anonymous().get("/login"));
        HttpResponse<Buffer> missing = Http.as("agent1").get("/customers/99999998");
        assertEquals(404, missing.statusCode());
        assertOwnScriptsOnly(missing);
    }

    private static void assertOwnScriptsOnly(HttpResponse<Buffer> page) {
        String policy = String.valueOf(page.getHeader("Content-Security-Policy"));
        assertTrue(policy.contains("script-src 'self';") && policy.contains("style-src 'self';"), policy);
        assertTrue(!policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"), policy);
    }

    @Test
    @DisplayName("no cleartext HTTP/2: a client asking to upgrade to h2c is answered in HTTP/1.1")
    void noH2cUpgrade() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + TestServer.get().port + "/login")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, answer.version());
    }

    @Test
    @DisplayName("HEAD is answered as GET, without the body: pages, the API and static files")
    void head() {
        Http agent = Http.as("agent1");
        for (String path : new String[]{"/login", "/customers", "/api/me", "/static/calldesk.css"}) {
            HttpResponse<Buffer> get = agent.get(path);
            HttpResponse<Buffer> head = TestServer.await(agent.send(HttpMethod.HEAD, path, Buffer.buffer()));
            assertEquals(get.statusCode(), head.statusCode(), path);
            assertEquals(get.getHeader("Content-Type"), head.getHeader("Content-Type"), path);
            assertTrue(head.body() == null || head.body().length() == 0, path + " has no body");
        }
        assertEquals(401, TestServer.await(Http.anonymous().send(HttpMethod.HEAD, "/api/me", Buffer.buffer())).statusCode());
        assertEquals(404, TestServer.await(agent.send(HttpMethod.HEAD, "/no/such/page", Buffer.buffer())).statusCode());
    }

    @Test
    @DisplayName("searching for a number no customer has offers to create one with it")
    void unknownNumberSearch() {
        HttpResponse<Buffer> page = Http.as("agent1").get("/customers?q="
                + URLEncoder.encode("+86 139 8765 4321", StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode(), page.bodyAsString());
        assertTrue(page.bodyAsString().contains("/customers/new?phone=%2B86%20139%208765%204321"), page.bodyAsString());
    }
}
