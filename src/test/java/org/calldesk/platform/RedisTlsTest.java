package org.calldesk.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.testing.FirstBytes;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class RedisTlsTest {

    @Test
    @DisplayName("a rediss:// URL connects with TLS, a redis:// URL without")
    void rediss() throws Exception {
        assertTrue(FirstBytes.tlsHandshake(firstBytes("rediss")), "rediss:// starts with a TLS handshake");
        assertFalse(FirstBytes.tlsHandshake(firstBytes("redis")), "redis:// speaks RESP at once");
    }

    @Test
    @DisplayName("a Redis URL of another scheme is refused, naming the key and the schemes it takes, not the password")
    void otherSchemes() {
        IllegalArgumentException config = assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(
                ConfigSection.root(new JsonObject().put("redis", new JsonObject().put("url", "tls://:hunter2@cache:6380")
                        .put("embedded_port", 0).put("timeout_ms", 250).put("cache_read_timeout_ms", 20).put("workers", 1)))));
        assertTrue(config.getMessage().startsWith("config redis.url: ") && config.getMessage().contains("rediss://"),
                config.getMessage());
        assertFalse(config.getMessage().contains("hunter2"), config.getMessage());

        Vertx vertx = Vertx.vertx();
        try {
            IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                    () -> new Redis(vertx, "http://cache:6379", 250, 1, 60_000));
            assertTrue(direct.getMessage().contains("rediss://"), direct.getMessage());
        } finally {
            TestServer.await(vertx.close());
        }
    }

    private static byte[] firstBytes(String scheme) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FirstBytes listener = new FirstBytes()) {
            Redis redis = new Redis(vertx, scheme + "://127.0.0.1:" + listener.port(), 3000, 1, 60_000);
            redis.ping();
            byte[] bytes = listener.await(10_000);
            redis.close();
            assertTrue(bytes.length > 0, scheme + ":// sent nothing: " + Arrays.toString(bytes));
            return bytes;
        } finally {
            TestServer.await(vertx.close());
        }
    }
}
