package org.calldesk.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One subtree of the calldesk config, read with defaults. Every error names the full key path
 * ({@code routing.boosts.open_complaint}) so an admin can find the line to fix. Values may arrive
 * as strings (environment overrides), so numbers and booleans are parsed from text too.
 * Routing reads its section through this class as well; it belongs in {@code app} once that exists.
 */
public final class ConfigSection {

    private static final List<String> DEFAULT_TIERS = List.of("platinum", "gold", "silver", "bronze");

    private final JsonObject json;
    private final String path;

    private ConfigSection(JsonObject json, String path) {
        this.json = json == null ? new JsonObject() : json;
        this.path = path;
    }

    public static ConfigSection root(JsonObject config) {
        return new ConfigSection(config, "");
    }

    /** The tier names of the customer pyramid ({@code tiers[].name}), best first. */
    public static List<String> tierNames(JsonObject config) {
        Object tiers = config == null ? null : config.getValue("tiers");
        if (!(tiers instanceof JsonArray array) || array.isEmpty()) {
            return DEFAULT_TIERS;
        }
        List<String> names = new ArrayList<>();
        for (Object entry : array) {
            if (entry instanceof JsonObject tier && tier.getValue("name") != null) {
                names.add(tier.getValue("name").toString().trim().toLowerCase(Locale.ROOT));
            }
        }
        return names.isEmpty() ? DEFAULT_TIERS : List.copyOf(names);
    }

    public String path() {
        return path;
    }

    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return json.getValue(key) != null;
    }

    public Set<String> keys() {
        return json.fieldNames();
    }

    /** A nested section; missing or null reads as empty so every key falls back to its default. */
    public ConfigSection section(String key) {
        Object value = json.getValue(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return new ConfigSection(new JsonObject(), keyPath(key));
        }
        if (value instanceof JsonObject object) {
            return new ConfigSection(object, keyPath(key));
        }
        throw bad(key, "must be a map of keys, got '" + value + "'");
    }

    public Object raw(String key) {
        return json.getValue(key);
    }

    public String string(String key, String defaultValue) {
        Object value = json.getValue(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = json.getValue(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(key, "must be true or false, got '" + value + "'");
        };
    }

    public int nonNegativeInt(String key, int defaultValue) {
        int value = integer(key, defaultValue);
        if (value < 0) {
            throw bad(key, "must not be negative, got " + value);
        }
        return value;
    }

    public int positiveInt(String key, int defaultValue) {
        int value = integer(key, defaultValue);
        if (value <= 0) {
            throw bad(key, "must be greater than 0, got " + value);
        }
        return value;
    }

    public double positiveDouble(String key, double defaultValue) {
        Object value = json.getValue(key);
        if (value == null) {
            return defaultValue;
        }
        double number;
        try {
            number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + value + "'");
        }
        if (!(number > 0) || Double.isInfinite(number)) {
            throw bad(key, "must be greater than 0, got " + value);
        }
        return number;
    }

    /** A list written as a YAML list or as one comma-separated string; blank items are dropped. */
    public List<String> strings(String key, List<String> defaultValue) {
        Object value = json.getValue(key);
        if (value == null) {
            return defaultValue;
        }
        List<String> items = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (Object item : array) {
                if (item != null) {
                    items.add(text(item));
                }
            }
        } else if (value instanceof JsonObject) {
            throw bad(key, "must be a list, got a map");
        } else {
            for (String item : value.toString().split(",")) {
                items.add(item.trim());
            }
        }
        items.removeIf(String::isEmpty);
        return List.copyOf(items);
    }

    // YAML reads an unquoted 2026-10-01 as a timestamp at UTC midnight; hand it back as the date written
    private static String text(Object item) {
        if (item instanceof java.util.Date date) {
            return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
        if (item instanceof java.time.Instant instant) {
            return instant.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
        return item.toString().trim();
    }

    public IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException("config " + keyPath(key) + ": " + problem);
    }

    private int integer(String key, int defaultValue) {
        Object value = json.getValue(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            if (value instanceof Number n) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw bad(key, "must be a whole number, got " + value);
                }
                return Math.toIntExact(n.longValue());
            }
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key, "must be a whole number, got '" + value + "'");
        }
    }
}
