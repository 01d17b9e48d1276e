package org.calldesk.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.calldesk.TestServer;
import org.calldesk.app.EmbeddedServices;
import org.calldesk.platform.HttpSettings;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class SecureCookieTest {

    @Test
    @DisplayName("with http.secure_cookies the session cookie is Secure (and still HttpOnly); without, it is not Secure")
    void secureFlag() {
        String secure = sessionCookie(true);
        assertTrue(secure.contains("; Secure") && secure.toLowerCase(Locale.ROOT).contains("; httponly"), secure);
        String plain = sessionCookie(false);
        assertFalse(plain.contains("Secure"), plain);
    }

    private static String sessionCookie(boolean secure) {
        Vertx vertx = Vertx.vertx();
        try {
            int port = EmbeddedServices.freePort();
            WebVerticle.Routes session = (router, pages) -> router.get("/touch").handler(ctx -> {
                Access.csrfToken(ctx.session());
                ctx.end();
            });
            TestServer.await(vertx.deployVerticle(new WebVerticle(new HttpSettings(port, "127.0.0.1", 1, java.time.Duration.ofHours(1), java.time.Duration.ofHours(12), secure, ""),
                    List.of(session))));
            List<String> cookies = TestServer.await(WebClient.create(vertx).get(port, "127.0.0.1", "/touch").send()).cookies();
            assertEquals(1, cookies.size(), String.valueOf(cookies));
            assertTrue(cookies.get(0).startsWith("calldesk.session="), cookies.get(0));
            return cookies.get(0);
        } finally {
            TestServer.await(vertx.close());
        }
    }
}
