package org.calldesk.web;

import io.vertx.core.json.JsonObject;
import org.calldesk.Http;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class PagesTest {

    @Test
    @DisplayName("a page asked for without a session redirects to the login page and back")
    void redirectToLogin() {
        var response = Http.anonymous().get("/customers?q=abc");
        assertEquals(302, response.statusCode());
        assertEquals("/login?next=%2Fcustomers%3Fq%3Dabc", response.getHeader("Location"));
        var login = Http.anonymous().get(response.getHeader("Location"));
        assertEquals(200, login.statusCode());
        assertTrue(login.bodyAsString().contains("name=\"next\" value=\"/customers?q=abc\""), "the login form leads back");
    }

    @Test
    @DisplayName("what customers typed is shown as text, never run as HTML")
    void escaping() {
        Http admin = Http.as("admin");
        admin.postText("/api/customers/import", "XSS-1,<script>alert('x')</script>,+86 131 7777 8888,,10,1,,,\n");
        JsonObject customer = admin.get("/api/customers?phone=13177778888").bodyAsJsonObject();
        String page = admin.get("/customers/" + customer.getLong("id")).bodyAsString();
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
        assertFalse(page.contains("<script>alert"));
    }

    @Test
    @DisplayName("the 360° page shows tier, value, phones and account manager; unknown ids give a readable 404")
    void customerPage() {
        Http admin = Http.as("admin");
        admin.postText("/api/customers/import", "P360-1,Page Person,+86 131 6666 5555,,1234.5,34.5,2025-01-01,2026-06-01,agent1\n");
        JsonObject customer = admin.get("/api/customers?phone=13166665555").bodyAsJsonObject();
        String page = Http.as("agent1").get("/customers/" + customer.getLong("id")).bodyAsString();
        assertTrue(page.contains("Page Person"));
        assertTrue(page.contains("1,200.00"), "value = revenue - cost");
        assertTrue(page.contains("+8613166665555"));
        assertTrue(page.contains("Agent One"));
        assertTrue(page.contains("tier-" + customer.getString("tier")));
        var missing = Http.as("agent1").get("/customers/99999999");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.bodyAsString().contains("There is no customer with id 99999999."));
    }

    @Test
    @DisplayName("metrics are served to admins in Prometheus text with HTTP and JVM meters")
    void metrics() {
        Http.anonymous().get("/health");
        String text = Http.as("admin").get("/metrics").bodyAsString();
        assertTrue(text.contains("vertx_http_server_requests_total"), "HTTP server meters");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
    }
}
