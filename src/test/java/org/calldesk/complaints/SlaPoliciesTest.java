package org.calldesk.complaints;

import org.calldesk.platform.Config;
import org.calldesk.calendar.BusinessCalendarTest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlaPoliciesTest {

    private static final SlaPolicies DEFAULTS = SlaPolicies.from(Config.defaults());

    @ParameterizedTest(name = "{0} for {1}: {2} / {3} on {4}")
    @DisplayName("default targets by severity, shortened for platinum and gold, a business day being 9 h")
    @CsvSource(nullValues = "-", value = {
          "critical, platinum, PT15M, PT2H,      24x7",
          "critical, -,        PT30M, PT4H,      24x7",
          "high,     gold,     PT45M, PT6H,      business",
          "high,     bronze,   PT1H,  PT8H,      business",
          "normal,   -,        PT4H,  PT27H,     business",
          "normal,   silver,   PT4H,  PT27H,     business",
          "normal,   GOLD,     PT3H,  PT20H15M,  business",
          "normal,   diamond,  PT4H,  PT27H,     business",
          "low,      gold,     PT6H,  PT33H45M,  business",
          "low,      platinum, PT4H,  PT22H30M,  business",
    })
    void defaults(String severity, String tier, Duration firstResponse, Duration resolution, String calendar) {
        SlaPolicy policy = DEFAULTS.policy(Severity.parse(severity), tier);

        assertEquals(firstResponse, policy.firstResponse());
        assertEquals(resolution, policy.resolution());
        assertEquals(calendar, policy.calendarName());
        assertEquals(0.75, policy.atRiskFraction());
    }

    @Test
    @DisplayName("escalation defaults to owner at 75 %, supervisors at 100 %, managers at 150 %, numbered in order")
    void defaultEscalation() {
        assertEquals(List.of(new EscalationLevel(1, "owner", 0.75), new EscalationLevel(2, "supervisors", 1.0),
            new EscalationLevel(3, "managers", 1.5)), DEFAULTS.escalation());
        assertEquals("Asia/Shanghai", DEFAULTS.calendar("business").zone().getId());
        assertTrue(DEFAULTS.calendar("24x7").isAlwaysOpen());
    }

    @Test
    @DisplayName("targets, calendars, factors, at-risk threshold and escalation all come from config")
    void readsConfig() {
        JsonObject business = new JsonObject().put("zone", "Europe/Berlin").put("hours", BusinessCalendarTest.weekdayHours("08:00-16:00")
            .put("sat", "09:00-13:00")).put("holidays", new JsonArray().add("2026-12-25"));
        JsonObject config = Config.merge(Config.defaults(), new JsonObject().put("sla", new JsonObject()
            .put("at_risk", 0.8)
            .put("calendars", new JsonObject().put("business", business))
            .put("targets", new JsonObject()
                .put("normal", new JsonObject().put("first_response", "1h30m").put("resolution", "2d"))
                .put("low", new JsonObject().put("first_response", "PT45M").put("calendar", "24x7").put("resolution", "1.5d")))
            .put("tier_factor", new JsonObject().put("silver", "0.9").put("platinum", 0.25))
            .put("escalation", new JsonObject().put("owner", 0.5).put("managers", 2))));

        SlaPolicies policies = SlaPolicies.from(config);

        SlaPolicy normal = policies.policy(Severity.NORMAL, "silver");
        assertEquals(Duration.ofMinutes(81), normal.firstResponse());
        assertEquals(Duration.ofMinutes(16 * 60 * 9 / 10), normal.resolution());
        assertEquals("Europe/Berlin", normal.calendar().zone().getId());
        assertEquals(0.8, normal.atRiskFraction());
        SlaPolicy low = policies.policy(Severity.LOW, null);
        assertEquals(Duration.ofMinutes(45), low.firstResponse());
        assertEquals(Duration.ofHours(36), low.resolution());
        assertEquals(Duration.ofMinutes(15), policies.policy(Severity.HIGH, "platinum").firstResponse());
        assertEquals(Duration.ofMinutes(45), policies.policy(Severity.HIGH, "gold").firstResponse());
        assertEquals(List.of(new EscalationLevel(1, "owner", 0.5), new EscalationLevel(2, "supervisors", 1.0),
            new EscalationLevel(3, "managers", 2.0)), normal.escalation());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
            Arguments.of(new JsonObject().put("targets", new JsonObject().put("urgent", new JsonObject())),
                "config sla.targets.urgent: unknown severity"),
            Arguments.of(new JsonObject().put("targets", new JsonObject().put("high", new JsonObject().put("calendar", "weekends"))),
                "config sla.targets.high.calendar: no calendar named 'weekends'"),
            Arguments.of(new JsonObject().put("targets", new JsonObject().put("low", new JsonObject().put("resolution", "soon"))),
                "config sla.targets.low.resolution: 'soon' is not a duration"),
            Arguments.of(new JsonObject().put("targets", new JsonObject().put("low", new JsonObject().put("resolution", "0h"))),
                "config sla.targets.low.resolution: must be longer than zero"),
            Arguments.of(new JsonObject().put("targets", new JsonObject().put("low", new JsonObject().put("first_response", "4h-1m"))),
                "config sla.targets.low.first_response: '4h-1m' is not a duration"),
            Arguments.of(new JsonObject().put("tier_factor", new JsonObject().put("diamond", 0.1)),
                "config sla.tier_factor.diamond: unknown tier"),
            Arguments.of(new JsonObject().put("tier_factor", new JsonObject().put("gold", 0)),
                "config sla.tier_factor.gold: must be greater than 0"),
            Arguments.of(new JsonObject().put("tier_factor", new JsonObject().put("gold", -0.5)),
                "config sla.tier_factor.gold: must be greater than 0"),
            Arguments.of(new JsonObject().put("escalation", new JsonObject().put("ceo", 3)),
                "config sla.escalation.ceo: unknown escalation step"),
            Arguments.of(new JsonObject().put("escalation", new JsonObject().put("owner", "three quarters")),
                "config sla.escalation.owner: must be a number"),
            Arguments.of(new JsonObject().put("at_risk", -1),
                "config sla.at_risk: must be greater than 0"),
            Arguments.of(new JsonObject().put("calendars", new JsonObject().put("business", new JsonObject().put("zone", "Nowhere/City"))),
                "config sla.calendars.business.zone: unknown time zone"),
            Arguments.of(new JsonObject().put("calendars", new JsonObject().put("night", new JsonObject().put("zone", "UTC"))),
                "config sla.calendars.night.hours: no opening hours"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badConfigs")
    @DisplayName("bad SLA config is refused with a message naming the key")
    void refusesBadConfig(JsonObject sla, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> SlaPolicies.from(Config.merge(Config.defaults(), new JsonObject().put("sla", sla))));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    @DisplayName("severities parse case-insensitively and refuse unknown names")
    void parsesSeverity() {
        assertEquals(Severity.CRITICAL, Severity.parse(" Critical "));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse("urgent"));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse(null));
    }
}
