package org.calldesk.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One subtree of the calldesk config, read by the settings records. Every error names the full key path
 * ({@code routing.boosts.open_complaint}) so an admin can find the line to fix. Values may arrive as strings
 * (environment overrides), so numbers and booleans are parsed from text too.
 *
 * <p>There are no defaults here: the shipped {@code config/calldesk.yaml} is the first layer of every
 * configuration and holds every key, so a key that is missing is an error, never a silent fallback. A key may
 * be present with an empty value where empty means something ("no external database").
 */
public final class ConfigSection {

    private final JsonObject json;
    private final String path;
    private final Set<String> reads;

    private ConfigSection(JsonObject json, String path, Set<String> reads) {
        this.json = json;
        this.path = path;
        this.reads = reads;
    }

    public static ConfigSection root(JsonObject config) {
        return new ConfigSection(config, "", null);
    }

    /**
     * A root that adds the path of every key asked for to {@code reads}, found or not: what the server reads,
     * to hold against the keys the shipped file writes.
     */
    public static ConfigSection recording(JsonObject config, Set<String> reads) {
        return new ConfigSection(config, "", reads);
    }

    public String path() {
        return path;
    }

    public String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the key is there with a value; for the few formats with optional parts (calendars). */
    public boolean has(String key) {
        record(key);
        return json.getValue(key) != null;
    }

    public Set<String> keys() {
        return json.fieldNames();
    }

    public ConfigSection section(String key) {
        Object value = required(key);
        if (value instanceof JsonObject object) {
            return new ConfigSection(object, keyPath(key), reads);
        }
        throw bad(key, "must be a map of keys, got '" + value + "'");
    }

    /** A section that may be left empty to switch something off; the key itself must be there. */
    public Optional<ConfigSection> optionalSection(String key) {
        Object value = required(key);
        if (value == null || (value instanceof String s && s.isBlank()) || (value instanceof JsonObject o && o.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(section(key));
    }

    /** A list of maps, each read as a section named {@code key[i]}. */
    public List<ConfigSection> entries(String key) {
        Object value = required(key);
        if (!(value instanceof JsonArray array)) {
            throw bad(key, "must be a list, got '" + value + "'");
        }
        List<ConfigSection> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String entry = key + "[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject object)) {
                throw bad(entry, "must be a map of keys, got '" + array.getValue(i) + "'");
            }
            entries.add(new ConfigSection(object, keyPath(entry), reads));
        }
        return List.copyOf(entries);
    }

    /** The value as written, null when absent or empty; for values of more than one shape. */
    public Object raw(String key) {
        record(key);
        return json.getValue(key);
    }

    public String string(String key) {
        String value = stringOrEmpty(key);
        if (value.isEmpty()) {
            throw bad(key, "must not be empty");
        }
        return value;
    }

    /** For keys where an empty value has a meaning of its own, as the file's comment says. */
    public String stringOrEmpty(String key) {
        Object value = required(key);
        return value == null ? "" : value.toString().trim();
    }

    public boolean bool(String key) {
        Object value = required(key);
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (String.valueOf(value).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(key, "must be true or false, got '" + value + "'");
        };
    }

    public long wholeNumber(String key) {
        Object value = required(key);
        try {
            if (value instanceof Number n) {
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw bad(key, "must be a whole number, got " + value);
                }
                return n.longValue();
            }
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw bad(key, "must be a whole number, got '" + value + "'");
        }
    }

    public int nonNegativeInt(String key) {
        int value = integer(key);
        if (value < 0) {
            throw bad(key, "must not be negative, got " + value);
        }
        return value;
    }

    public int positiveInt(String key) {
        int value = integer(key);
        if (value <= 0) {
            throw bad(key, "must be greater than 0, got " + value);
        }
        return value;
    }

    public double positiveDouble(String key) {
        double number = number(key);
        if (!(number > 0)) {
            throw bad(key, "must be greater than 0, got " + raw(key));
        }
        return number;
    }

    public double nonNegativeDouble(String key) {
        double number = number(key);
        if (number < 0) {
            throw bad(key, "must not be negative, got " + raw(key));
        }
        return number;
    }

    /** A list written as a YAML list or as one comma-separated string; blank items are dropped. */
    public List<String> strings(String key) {
        Object value = required(key);
        List<String> items = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (Object item : array) {
                if (item != null) {
                    items.add(text(item));
                }
            }
        } else if (value instanceof JsonObject) {
            throw bad(key, "must be a list, got a map");
        } else if (value != null) {
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

    private void record(String key) {
        if (reads != null) {
            reads.add(keyPath(key));
        }
    }

    private Object required(String key) {
        record(key);
        if (!json.containsKey(key)) {
            throw bad(key, "is missing (config/calldesk.yaml ships every key with its default)");
        }
        return json.getValue(key);
    }

    private int integer(String key) {
        long value = wholeNumber(key);
        if (value != (int) value) {
            throw bad(key, "must be a whole number, got '" + value + "'");
        }
        return (int) value;
    }

    private double number(String key) {
        Object value = required(key);
        double number;
        try {
            number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + value + "'");
        }
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw bad(key, "must be a number, got '" + value + "'");
        }
        return number;
    }
}
