package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;

import io.vertx.core.json.JsonObject;
import org.calldesk.routing.CallerFacts;
import org.calldesk.routing.ComplaintFacts;
import org.calldesk.routing.IvrChoice;
import org.calldesk.routing.RoutingPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShippedConfigTest {

    @SuppressWarnings("unchecked")
    private static JsonObject shipped() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("config/calldesk.yaml"))) {
            return new JsonObject((Map<String, Object>) new Yaml().load(reader));
        }
    }

    @Test
    @DisplayName("the shipped calldesk.yaml reads cleanly and says the same as the defaults in code")
    void shippedConfigMatchesDefaults() throws IOException {
        JsonObject config = shipped();
        SlaPolicies shipped = SlaPolicies.from(config);
        SlaPolicies defaults = SlaPolicies.from(new JsonObject());
        for (Severity severity : Severity.values()) {
            for (String tier : new String[] {"platinum", "gold", "silver", "bronze", null}) {
                SlaPolicy a = shipped.policy(severity, tier);
                SlaPolicy b = defaults.policy(severity, tier);
                assertEquals(b.firstResponse(), a.firstResponse(), severity + " " + tier);
                assertEquals(b.resolution(), a.resolution(), severity + " " + tier);
                assertEquals(b.calendarName(), a.calendarName());
            }
        }
        assertEquals(defaults.escalation(), shipped.escalation());

        RoutingPolicy routing = RoutingPolicy.from(config);
        RoutingPolicy routingDefaults = RoutingPolicy.from(new JsonObject());
        ZonedDateTime now = ZonedDateTime.of(2026, 3, 7, 23, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        for (String tier : new String[] {"platinum", "gold", "silver", "bronze", null}) {
            CallerFacts facts = new CallerFacts("+8613800138000", tier == null ? null : 1L, "Li Wei", tier, null, null,
                new ComplaintFacts(1, true, false), 2, IvrChoice.COMPLAINT, now);
            assertEquals(routingDefaults.decide(facts), routing.decide(facts));
        }
        assertEquals(routingDefaults.agedPriority(10, Duration.ofMinutes(2)), routing.agedPriority(10, Duration.ofMinutes(2)));
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
}
