package org.calldesk.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    @Test
    @DisplayName("the shipped defaults hold the documented keys and values")
    void defaults() {
        JsonObject config = Config.defaults();
        assertEquals(8080, config.getJsonObject("http").getInteger("port"));
        assertEquals("data/", config.getJsonObject("data").getString("dir"));
        assertNull(config.getJsonObject("database").getString("url"));
        assertNull(config.getJsonObject("redis").getString("url"));
        assertEquals("CN", config.getJsonObject("phone").getString("default_region"));
        assertEquals(4, config.getJsonArray("tiers").size());
        assertTrue(config.getJsonObject("demo").getBoolean("enabled"));
        assertEquals(10000, config.getJsonObject("demo").getInteger("customers"));
    }

    @Test
    @DisplayName("an environment variable named after the key path overrides it, with the key's type")
    void environmentOverrides() {
        JsonObject config = Config.load(null, Map.of(
                "CALLDESK_HTTP_PORT", "9090",
                "CALLDESK_DATABASE_URL", "postgresql://db.example:5432/calldesk",
                "CALLDESK_DEMO_ENABLED", "false",
                "CALLDESK_PHONE_DEFAULT_REGION", "DE"));
        assertEquals(9090, config.getJsonObject("http").getInteger("port"));
        assertEquals("postgresql://db.example:5432/calldesk", config.getJsonObject("database").getString("url"));
        assertEquals(false, config.getJsonObject("demo").getBoolean("enabled"));
        assertEquals("DE", config.getJsonObject("phone").getString("default_region"));
    }

    @Test
    @DisplayName("a named file overrides the defaults key by key and keeps the rest")
    void fileOverrides(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, "http:\n  port: 7070\nredis:\n  url: redis://cache:6379\n");
        JsonObject config = Config.load(file, Map.of("CALLDESK_HTTP_PORT", "7171"));
        assertEquals(7171, config.getJsonObject("http").getInteger("port"));
        assertEquals("127.0.0.1", config.getJsonObject("http").getString("host"));
        assertEquals("redis://cache:6379", config.getJsonObject("redis").getString("url"));
    }

    @Test
    @DisplayName("the reader has no defaults of its own: a missing key is an error naming its path, an empty one reads as empty")
    void readerHasNoDefaults() {
        ConfigSection database = ConfigSection.root(Config.defaults()).section("database");

        assertEquals("", database.stringOrEmpty("url"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> database.positiveInt("pool_siz"));
        assertTrue(missing.getMessage().startsWith("config database.pool_siz: is missing"), missing.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> database.string("url"));
        assertTrue(empty.getMessage().startsWith("config database.url: must not be empty"), empty.getMessage());
    }

    @Test
    @DisplayName("a value of the wrong type or a missing file is a clear error")
    void badInput(@TempDir Path dir) {
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> Config.load(null, Map.of("CALLDESK_HTTP_PORT", "eighty")));
        assertTrue(wrongType.getMessage().contains("CALLDESK_HTTP_PORT"), wrongType.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Config.load(dir.resolve("nope.yaml"), Map.of()));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }
}
