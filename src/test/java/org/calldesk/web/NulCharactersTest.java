package org.calldesk.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.calldesk.Http;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL cannot store a NUL character in text: requests carrying one are refused before they reach it. */
@ServerTest
class NulCharactersTest {

    @Test
    @DisplayName("a NUL in a query parameter is a 400 that says so, on the API and on pages")
    void inTheUrl() {
        Http agent = Http.as("agent1");
        assertNul(agent.get("/api/customers?q=Ali%00ce"));
        HttpResponse<Buffer> page = agent.get("/customers?q=Ali%00ce");
        assertEquals(400, page.statusCode());
        assertTrue(page.bodyAsString().contains("NUL character"), page.bodyAsString());
    }

    @Test
    @DisplayName("a NUL in a JSON body is a 400 that names the field")
    void inJsonBodies() {
        HttpResponse<Buffer> login = Http.anonymous().post("/api/login",
                new JsonObject().put("username", "admin\u0000").put("password", "x"));
        assertNul(login);
        assertTrue(login.bodyAsJsonObject().getString("error").contains("'username'"), login.bodyAsString());
        HttpResponse<Buffer> create = Http.as("agent1").post("/api/customers",
                new JsonObject().put("name", "Nul\u0000Person").put("phone", "+86 137 0000 3001"));
        assertNul(create);
        assertTrue(create.bodyAsJsonObject().getString("error").contains("'name'"), create.bodyAsString());
    }

    private static void assertNul(HttpResponse<Buffer> response) {
        assertEquals(400, response.statusCode(), response.bodyAsString());
        assertTrue(response.bodyAsString().contains("NUL character"), response.bodyAsString());
    }
}
