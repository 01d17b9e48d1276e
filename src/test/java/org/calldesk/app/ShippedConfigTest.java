package org.calldesk.app;

import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.platform.Config;
import org.calldesk.platform.ConfigSection;
import org.calldesk.sim.SimSettings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped config/calldesk.yaml is the one place a default is written: every key in it is read by some
 * settings record, and no record reads a key that is not in it.
 */
class ShippedConfigTest {

    @Test
    @DisplayName("every settings record, the simulator's included, builds from the shipped file alone")
    void buildsFromShippedFile() {
        Settings settings = Settings.from(Config.defaults());
        SimSettings sim = SimSettings.from(Config.defaults());

        assertEquals(8080, settings.http().port());
        assertEquals(List.of("platinum", "gold", "silver", "bronze"), settings.tiers().names());
        assertEquals(List.of("service", "complaints", "vip"), settings.boardQueues().stream().map(q -> q.name()).toList());
        assertEquals(List.of("service", "complaints", "vip"), sim.queues().stream().map(SimSettings.QueueSpec::name).toList());
    }

    @Test
    @DisplayName("every key in the shipped file is read, and every key read is in the shipped file")
    void everyKeyReadAndNothingElse() {
        JsonObject shipped = Config.defaults();
        Set<String> read = new TreeSet<>();
        Settings.from(ConfigSection.recording(shipped, read));
        Set<String> written = new TreeSet<>();
        Set<String> leaves = new TreeSet<>();
        collect(shipped, "", written, leaves);

        Set<String> hidden = new TreeSet<>(read);
        hidden.removeAll(written);
        assertEquals(Set.of(), hidden, "read, but not in calldesk.yaml: a default written in code");

        SimSettings sim = SimSettings.from(shipped);
        Set<String> dead = new TreeSet<>(leaves);
        dead.removeAll(read);
        dead.removeIf(path -> simulatorReads(shipped, path, sim));
        assertEquals(Set.of(), dead, "in calldesk.yaml, but read by nothing");
    }

    @Test
    @DisplayName("where the code's fallbacks disagreed with the file, the file's value is the one in force")
    void fileWinsWhereCodeDisagreed() {
        Settings settings = Settings.from(Config.defaults());
        SimSettings sim = SimSettings.from(Config.defaults());

        assertEquals(List.of("billing", "delivery", "product", "service", "staff", "other"), settings.complaints().categories());
        assertEquals(List.of("break", "lunch", "training", "meeting", "coaching"), settings.agents().pauseReasons());
        assertEquals(List.of("resolved", "follow-up needed", "transferred", "information given", "wrong number"),
            settings.calls().dispositions());
        assertEquals("calldesk", settings.telephony().amiSecret());
        assertEquals("calldesk", sim.secret());
        assertEquals(30_000, sim.talkMsMean());
        assertEquals(6.0, sim.callsPerMinute());
        assertEquals(6.0, settings.demo().callsPerMinute());
        assertTrue(settings.demo().enabled());
    }

    @Test
    @DisplayName("a key missing from the merged config stops start-up with its full path")
    void missingKeyIsNamed() {
        JsonObject config = Config.defaults();
        config.getJsonObject("complaints").getJsonObject("sweeper").remove("batch");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Settings.from(config));

        assertTrue(error.getMessage().startsWith("config complaints.sweeper.batch: is missing"), error.getMessage());
    }

    @Test
    @DisplayName("holidays written as unquoted YAML dates are read as those dates")
    void unquotedYamlDates() {
        @SuppressWarnings("unchecked")
        Map<String, Object> yaml = (Map<String, Object>) new Yaml().load("""
            zone: Asia/Shanghai
            hours: {mon: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00"}
            holidays: [2026-10-01, 2026-10-02]
            """);
        BusinessCalendar calendar = BusinessCalendar.from(new JsonObject(yaml));

        assertEquals(Duration.ofHours(9), calendar.businessTimeBetween(
            ZonedDateTime.of(2026, 9, 28, 0, 0, 0, 0, calendar.zone()).toInstant(),
            ZonedDateTime.of(2026, 10, 4, 0, 0, 0, 0, calendar.zone()).toInstant()));
    }

    /**
     * Key paths as the reader names them ({@code telephony.queues[0].name}). A leaf is a value, an empty one,
     * or a list of values; lists of maps are walked by index.
     */
    private static void collect(JsonObject node, String prefix, Set<String> all, Set<String> leaves) {
        for (String key : node.fieldNames()) {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            all.add(path);
            Object value = node.getValue(key);
            if (value instanceof JsonObject child && !child.isEmpty()) {
                collect(child, path, all, leaves);
            } else if (value instanceof JsonArray list && !list.isEmpty() && list.stream().allMatch(JsonObject.class::isInstance)) {
                for (int i = 0; i < list.size(); i++) {
                    all.add(path + "[" + i + "]");
                    collect(list.getJsonObject(i), path + "[" + i + "]", all, leaves);
                }
            } else {
                leaves.add(path);
            }
        }
    }

    /**
     * The simulator may not use calldesk's reader, so what it reads is found by taking the key away: it reads
     * the key if it then refuses the config naming that key, or builds different settings.
     */
    private static boolean simulatorReads(JsonObject shipped, String path, SimSettings built) {
        JsonObject without = shipped.copy();
        String[] parts = path.split("\\.");
        JsonObject parent = without;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            int bracket = part.indexOf('[');
            parent = bracket < 0 ? parent.getJsonObject(part)
                : parent.getJsonArray(part.substring(0, bracket)).getJsonObject(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
        }
        parent.remove(parts[parts.length - 1]);
        try {
            return !SimSettings.from(without).equals(built);
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains(path);
        }
    }
}
