package org.calldesk.routing;

import org.calldesk.platform.Config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingPolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZonedDateTime WEDNESDAY_10 = ZonedDateTime.of(2026, 3, 4, 10, 0, 0, 0, SHANGHAI);
    private static final RoutingPolicy DEFAULTS = RoutingPolicy.from(Config.defaults());

    /** manager: none = no account manager, free, busy, nophone = free but no dial string. */
    private static CallerFacts caller(String tier, int open, boolean atRisk, boolean breached, int calls24h,
        String ivr, String manager, ZonedDateTime now) {
        AccountManager am = switch (manager == null ? "none" : manager) {
            case "free" -> new AccountManager("agent3", "PJSIP/agent3", true);
            case "busy" -> new AccountManager("agent3", "PJSIP/agent3", false);
            case "nophone" -> new AccountManager("agent3", "", true);
            default -> null;
        };
        Long id = tier == null ? null : 42L;
        return new CallerFacts("+8613800138000", id, tier == null ? null : "Li Wei", tier,
            tier == null ? null : new BigDecimal("1200.00"), am, new ComplaintFacts(open, atRisk, breached),
            calls24h, IvrChoice.parse(ivr), now);
    }

    @ParameterizedTest(name = "[{index}] {0} open={1} risk={2} breached={3} calls={4} ivr={5} am={6}")
    @DisplayName("the default policy routes each kind of caller to the expected queue, priority and agent, and says why")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # tier   |open|risk |breach|calls|ivr      |am     |queue     |prio|agent        |greeting|reason
        gold     | 0  |false|false | 2   |service  |busy   |service   | 25 | -           |known   |gold tier 20 + repeat caller 5 = 25; account manager agent3 busy
        gold     | 0  |false|false | 1   |service  |free   |service   | 20 |PJSIP/agent3 |known   |gold tier 20 = 20; account manager agent3 first
        gold     | 1  |false|false | 0   |complaint|free   |complaints| 25 |PJSIP/agent3 |known   |gold tier 20 + open complaint 5 = 25; account manager agent3 first
        gold     | 0  |false|false | 0   |service  |none   |service   | 20 | -           |known   |gold tier 20 = 20; no account manager
        gold     | 0  |false|false | 0   |service  |nophone|service   | 20 | -           |known   |gold tier 20 = 20; account manager agent3 has no phone
        platinum | 1  |false|true  | 3   |complaint|free   |vip       | 50 |PJSIP/agent3 |vip     |platinum tier 30 + complaint breached 15 + repeat caller 5 = 50; platinum to the vip queue; account manager agent3 first
        platinum | 2  |true |false | 0   |service  |busy   |vip       | 40 | -           |vip     |platinum tier 30 + complaint at risk 10 = 40; platinum to the vip queue; account manager agent3 busy
        platinum | 0  |false|false | 0   |status   |busy   |vip       | 30 | -           |vip     |platinum tier 30 = 30; platinum to the vip queue; account manager agent3 busy
        silver   | 1  |false|false | 0   |complaint|free   |complaints| 15 | -           |known   |silver tier 10 + open complaint 5 = 15
        silver   | 1  |true |true  | 2   |status   |free   |service   | 30 | -           |known   |silver tier 10 + complaint breached 15 + repeat caller 5 = 30
        silver   | 0  |true |false | 1   |service  |none   |service   | 20 | -           |known   |silver tier 10 + complaint at risk 10 = 20
        bronze   | 0  |false|false | 0   |         |none   |service   |  0 | -           |known   |bronze tier 0 = 0
        bronze   | 3  |false|false | 5   |fax      |free   |service   | 10 | -           |known   |bronze tier 0 + open complaint 5 + repeat caller 5 = 10
        BRONZE   | 0  |false|false | 2   |SERVICE  |none   |service   |  5 | -           |known   |bronze tier 0 + repeat caller 5 = 5
        -        | 0  |false|false | 0   |service  |none   |service   |  0 | -           |default |unknown caller 0 = 0
        -        | 0  |false|false | 4   |complaint|none   |complaints|  5 | -           |default |unknown caller 0 + repeat caller 5 = 5
        diamond  | 0  |false|false | 0   |service  |free   |service   |  0 | -           |known   |unconfigured tier diamond 0 = 0
        """)
    void decides(String tier, int open, boolean atRisk, boolean breached, int calls, String ivr, String am,
        String queue, int priority, String agent, String greeting, String reason) {
        RouteDecision decision = DEFAULTS.decide(caller(tier, open, atRisk, breached, calls, ivr, am, WEDNESDAY_10));

        assertEquals(new RouteDecision(queue, priority, agent, greeting, reason), decision);
    }

    @Test
    @DisplayName("priority is capped at max_priority and the reason shows both the sum and the cap")
    void capsPriority() {
        RoutingPolicy policy = RoutingPolicy.from(routing(new JsonObject().put("max_priority", 40)));

        RouteDecision decision = policy.decide(caller("platinum", 1, true, true, 2, "service", "busy", WEDNESDAY_10));

        assertEquals(40, decision.priority());
        assertEquals("platinum tier 30 + complaint breached 15 + repeat caller 5 = 50, capped at 40; "
            + "platinum to the vip queue; account manager agent3 busy", decision.reason());
    }

    @Test
    @DisplayName("numbers and queue names come from config, including values given as strings by environment overrides")
    void readsConfig() {
        RoutingPolicy policy = RoutingPolicy.from(routing(new JsonObject()
            .put("queues", new JsonObject().put("complaint", "care").put("default", "general"))
            .put("vip_queue", "")
            .put("tier_priority", new JsonObject().put("gold", "25"))
            .put("boosts", new JsonObject().put("repeat_caller", 0).put("open_complaint", 7))
            .put("repeat_caller", new JsonObject().put("calls", 3))
            .put("account_manager_first", new JsonArray().add("platinum"))));

        RouteDecision gold = policy.decide(caller("gold", 1, false, false, 5, "complaint", "free", WEDNESDAY_10));
        RouteDecision platinum = policy.decide(caller("platinum", 0, false, false, 0, "", "free", WEDNESDAY_10));

        assertEquals(new RouteDecision("care", 32, null, "known", "gold tier 25 + open complaint 7 = 32"), gold);
        assertEquals(new RouteDecision("general", 30, "PJSIP/agent3", "vip",
            "platinum tier 30 = 30; account manager agent3 first"), platinum);
        assertEquals("general", policy.fallback("redis down").queue());
    }

    @Test
    @DisplayName("a custom tier pyramid is honoured: its names are valid in the tier lists and priorities")
    void customTiers() {
        JsonObject config = Config.defaults()
            .put("tiers", new JsonArray().add(new JsonObject().put("name", "key").put("share", 20))
                .add(new JsonObject().put("name", "regular").put("share", 80)));
        // the shipped lists name the shipped tiers, so a new pyramid replaces them whole
        config.getJsonObject("routing")
            .put("tier_priority", new JsonObject().put("key", 35).put("regular", 0).put("unknown", 0))
            .put("vip_tiers", new JsonArray())
            .put("account_manager_first", new JsonArray());

        RouteDecision decision = RoutingPolicy.from(config).decide(caller("key", 0, false, false, 0, "service", "free", WEDNESDAY_10));

        assertEquals(new RouteDecision("service", 35, null, "known", "key tier 35 = 35"), decision);
    }

    @ParameterizedTest(name = "called at {0} local time")
    @DisplayName("outside the hotline's opening hours the caller hears the after-hours greeting, in the hotline's zone")
    @CsvSource({
          "2026-03-04T07:59:00, after_hours",
          "2026-03-04T08:00:00, known",
          "2026-03-04T19:59:00, known",
          "2026-03-04T20:00:00, after_hours",
          "2026-03-07T10:00:00, after_hours",
    })
    void afterHours(String shanghaiLocal, String greeting) {
        RoutingPolicy policy = RoutingPolicy.from(routing(new JsonObject().put("after_hours", new JsonObject()
            .put("zone", "Asia/Shanghai")
            .put("hours", new JsonObject().put("mon", "08:00-20:00").put("tue", "08:00-20:00")
                .put("wed", "08:00-20:00").put("thu", "08:00-20:00").put("fri", "08:00-20:00")))));
        // the call's clock is in UTC; opening hours are read in Shanghai time
        ZonedDateTime now = java.time.LocalDateTime.parse(shanghaiLocal).atZone(SHANGHAI).withZoneSameInstant(ZoneId.of("UTC"));

        RouteDecision decision = policy.decide(caller("silver", 0, false, false, 0, "service", "none", now));

        assertEquals(greeting, decision.greeting());
        assertEquals(greeting.equals("after_hours"), decision.reason().endsWith("; outside opening hours"));
    }

    @ParameterizedTest(name = "base {0} after {1} s -> {2}")
    @DisplayName("waiting raises priority one step per interval, at most max above the base and never above the cap")
    @CsvSource({
          "10, 0, 10", "10, 29, 10", "10, 30, 15", "10, 59, 15", "10, 60, 20", "10, 120, 30",
          "10, 3600, 30", "0, 90, 15", "40, 30, 45", "40, 600, 50", "50, 600, 50",
          "55, 600, 55", "10, -30, 10", "10, 9223372036854775807, 30",
    })
    void ages(int base, long waitedSeconds, int expected) {
        assertEquals(expected, DEFAULTS.agedPriority(base, Duration.ofSeconds(waitedSeconds)));
    }

    @ParameterizedTest(name = "every {0} s step {1} max {2}: base {3} after {4} s -> {5}")
    @DisplayName("ageing follows its configured interval, step and maximum")
    @CsvSource({
          "60, 3, 10, 0, 59, 0", "60, 3, 10, 0, 60, 3", "60, 3, 10, 0, 180, 9", "60, 3, 10, 0, 240, 10",
          "10, 0, 20, 5, 600, 5", "10, 5, 0, 5, 600, 5",
    })
    void agesByConfig(int every, int step, int max, int base, long waited, int expected) {
        RoutingPolicy policy = RoutingPolicy.from(routing(new JsonObject()
            .put("ageing", new JsonObject().put("every_s", every).put("step", step).put("max", max))));

        assertEquals(expected, policy.agedPriority(base, Duration.ofSeconds(waited)));
        assertEquals(Duration.ofSeconds(every), policy.ageingEvery());
    }

    @Test
    @DisplayName("the fallback route sends the call to the service queue at priority 0 and says why")
    void fallback() {
        RouteDecision decision = RouteDecision.fallback("customer lookup timed out");

        assertEquals(new RouteDecision("service", 0, null, "default", "default route: customer lookup timed out"), decision);
        assertEquals(decision, DEFAULTS.fallback("customer lookup timed out"));
    }

    @Test
    @DisplayName("timings default to a 50 ms budget")
    void timings() {
        assertEquals(Duration.ofMillis(50), DEFAULTS.budget());
        assertEquals(50, DEFAULTS.maxPriority());
    }

    @Test
    @DisplayName("an unknown caller built by the factory gets the default greeting and no agent")
    void unknownCaller() {
        RouteDecision decision = DEFAULTS.decide(CallerFacts.unknown("0755-1234", 0, IvrChoice.COMPLAINT, WEDNESDAY_10));

        assertEquals("complaints", decision.queue());
        assertNull(decision.agent());
        assertEquals("default", decision.greeting());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
            Arguments.of(new JsonObject().put("tier_priority", new JsonObject().put("diamond", 5)),
                "config routing.tier_priority.diamond: unknown tier"),
            Arguments.of(new JsonObject().put("tier_priority", new JsonObject().put("gold", -1)),
                "config routing.tier_priority.gold: must not be negative"),
            Arguments.of(new JsonObject().put("boosts", new JsonObject().put("open_complaint", -1)),
                "config routing.boosts.open_complaint: must not be negative"),
            Arguments.of(new JsonObject().put("boosts", new JsonObject().put("repeat_caller", "lots")),
                "config routing.boosts.repeat_caller: must be a whole number"),
            Arguments.of(new JsonObject().put("boosts", new JsonObject().put("complaint_at_risk", 2.5)),
                "config routing.boosts.complaint_at_risk: must be a whole number"),
            Arguments.of(new JsonObject().put("repeat_caller", new JsonObject().put("calls", 0)),
                "config routing.repeat_caller.calls: must be greater than 0"),
            Arguments.of(new JsonObject().put("max_priority", -5),
                "config routing.max_priority: must not be negative"),
            Arguments.of(new JsonObject().put("ageing", new JsonObject().put("every_s", 0)),
                "config routing.ageing.every_s: must be greater than 0"),
            Arguments.of(new JsonObject().put("ageing", new JsonObject().put("max", -20)),
                "config routing.ageing.max: must not be negative"),
            Arguments.of(new JsonObject().put("account_manager_first", new JsonArray().add("gold").add("diamond")),
                "config routing.account_manager_first: unknown tier 'diamond'"),
            Arguments.of(new JsonObject().put("vip_tiers", "emerald"),
                "config routing.vip_tiers: unknown tier 'emerald'"),
            Arguments.of(new JsonObject().put("queues", new JsonObject().put("fax", "faxes")),
                "config routing.queues.fax: unknown IVR choice"),
            Arguments.of(new JsonObject().put("queues", new JsonObject().put("service", "")),
                "config routing.queues.service: queue name must not be empty"),
            Arguments.of(new JsonObject().put("budget_ms", -50),
                "config routing.budget_ms: must be greater than 0"),
            Arguments.of(new JsonObject().put("boosts", "high"),
                "config routing.boosts: must be a map"),
            Arguments.of(new JsonObject().put("after_hours", new JsonObject().put("zone", "Mars/Olympus")),
                "config routing.after_hours.zone: unknown time zone"),
            Arguments.of(new JsonObject().put("after_hours", new JsonObject().put("zone", "Asia/Shanghai")
                .put("hours", new JsonObject().put("mon", "9-18"))),
                "config routing.after_hours.hours.mon: '9' is not a time"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badConfigs")
    @DisplayName("bad routing config is refused at start-up with a message naming the key")
    void refusesBadConfig(JsonObject routing, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RoutingPolicy.from(routing(routing)));

        assertTrue(error.getMessage().startsWith(message), error.getMessage());
    }

    @Test
    @DisplayName("caller facts reject a negative call count and default missing complaint facts and IVR choice")
    void callerFactsDefaults() {
        CallerFacts facts = new CallerFacts("+8613800138000", 1L, "Li Wei", "gold", null, null, null, 0, null, WEDNESDAY_10);

        assertEquals(ComplaintFacts.NONE, facts.complaints());
        assertEquals(IvrChoice.UNKNOWN, facts.ivr());
        assertThrows(IllegalArgumentException.class,
            () -> CallerFacts.unknown("+8613800138000", -1, IvrChoice.SERVICE, WEDNESDAY_10));
    }

    private static JsonObject routing(JsonObject routing) {
        return Config.merge(Config.defaults(), new JsonObject().put("routing", routing));
    }
}
