package org.calldesk.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration: the defaults shipped in the jar ({@code config/calldesk.yaml}), then the
 * operator's file, then environment variables named {@code CALLDESK_} + the key path in upper snake case.
 */
public final class Config {

    private static final String DEFAULTS = "config/calldesk.yaml";
    private static final String ENV_PREFIX = "CALLDESK_";

    private Config() {
    }

    public static JsonObject load(Path file, Map<String, String> env) {
        JsonObject config = defaults();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("configuration file not found: " + file.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(file)) {
                merge(config, parse(in, file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
        }
        applyEnvironment(config, env);
        return config;
    }

    /** The shipped defaults; every key the server reads is there. */
    public static JsonObject defaults() {
        try (InputStream in = Config.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("default configuration " + DEFAULTS + " is missing from the class path");
            }
            return parse(in, DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject parse(InputStream in, String name) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (root == null) {
            return new JsonObject();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(name + ": the top level must be a mapping of keys");
        }
        @SuppressWarnings("unchecked")
        JsonObject json = new JsonObject((Map<String, Object>) map);
        // Round-trip through JSON text so nested maps and lists become JsonObject/JsonArray.
        return new JsonObject(json.encode());
    }

    /** Deep merge: objects merge key by key, anything else (lists included) replaces. */
    public static JsonObject merge(JsonObject target, JsonObject overrides) {
        for (String key : overrides.fieldNames()) {
            Object value = overrides.getValue(key);
            if (value instanceof JsonObject child && target.getValue(key) instanceof JsonObject existing) {
                merge(existing, child);
            } else {
                target.put(key, value);
            }
        }
        return target;
    }

    /** Every leaf key of the configuration may be replaced by its environment variable. */
    static void applyEnvironment(JsonObject config, Map<String, String> env) {
        for (String path : leafPaths(config, "")) {
            String value = env.get(envName(path));
            if (value != null) {
                set(config, path, coerce(get(config, path), value, path));
            }
        }
    }

    public static String envName(String path) {
        return ENV_PREFIX + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static List<String> leafPaths(JsonObject object, String prefix) {
        List<String> paths = new ArrayList<>();
        for (String key : object.fieldNames()) {
            Object value = object.getValue(key);
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof JsonObject child) {
                paths.addAll(leafPaths(child, path));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    private static Object get(JsonObject config, String path) {
        Object current = config;
        for (String part : path.split("\\.")) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.getValue(part);
        }
        return current;
    }

    private static void set(JsonObject config, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonObject current = config;
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.getJsonObject(parts[i]);
        }
        current.put(parts[parts.length - 1], value);
    }

    private static Object coerce(Object current, String text, String path) {
        try {
            if (current instanceof Boolean) {
                return Boolean.parseBoolean(text.trim());
            }
            if (current instanceof Integer || current instanceof Long) {
                return Long.parseLong(text.trim());
            }
            if (current instanceof Number) {
                return Double.parseDouble(text.trim());
            }
            if (current instanceof JsonArray) {
                return new JsonArray(text);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(envName(path) + ": '" + text + "' is not a valid value for " + path);
        }
        return text.isEmpty() ? null : text;
    }
}
