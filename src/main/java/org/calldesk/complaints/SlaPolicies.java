package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SLA targets by severity × tier, read from the {@code sla} config section.
 *
 * <p>Targets are written as {@code 30m}, {@code 4h}, {@code 1h30m} or {@code 3d}, where {@code d} is
 * one business day of the severity's calendar (its longest day of opening hours: 9 h for 09:00–18:00,
 * 24 h for 24×7). ISO-8601 durations ({@code PT30M}) are accepted too. A tier's factor scales both
 * targets; tiers without a factor, and unknown callers, get the targets as written.
 */
public final class SlaPolicies {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([dhms])");

    private record Target(String calendar, String firstResponse, String resolution) {}

    private static final Map<Severity, Target> DEFAULT_TARGETS = Map.of(
        Severity.CRITICAL, new Target("24x7", "30m", "4h"),
        Severity.HIGH, new Target("business", "1h", "8h"),
        Severity.NORMAL, new Target("business", "4h", "3d"),
        Severity.LOW, new Target("business", "8h", "5d"));

    private static final Map<String, Double> DEFAULT_ESCALATION = orderedMap("owner", 0.75, "supervisors", 1.0, "managers", 1.5);

    private static JsonObject defaultCalendars() {
        JsonObject business = new JsonObject()
            .put("zone", "Asia/Shanghai")
            .put("hours", new JsonObject()
                .put("mon", "09:00-18:00").put("tue", "09:00-18:00").put("wed", "09:00-18:00")
                .put("thu", "09:00-18:00").put("fri", "09:00-18:00"))
            .put("holidays", new JsonArray());
        return new JsonObject()
            .put("business", business)
            .put("24x7", new JsonObject().put("zone", "Asia/Shanghai").put("always_open", true));
    }

    private final Map<String, BusinessCalendar> calendars;
    private final Map<Severity, String> calendarOf;
    private final Map<Severity, Duration> firstResponse;
    private final Map<Severity, Duration> resolution;
    private final Map<String, Double> tierFactor;
    private final double atRiskFraction;
    private final List<EscalationLevel> escalation;

    private SlaPolicies(Map<String, BusinessCalendar> calendars, Map<Severity, String> calendarOf,
        Map<Severity, Duration> firstResponse, Map<Severity, Duration> resolution,
        Map<String, Double> tierFactor, double atRiskFraction, List<EscalationLevel> escalation) {
        this.calendars = calendars;
        this.calendarOf = calendarOf;
        this.firstResponse = firstResponse;
        this.resolution = resolution;
        this.tierFactor = tierFactor;
        this.atRiskFraction = atRiskFraction;
        this.escalation = escalation;
    }

    /** Reads the {@code sla} section of the whole calldesk config; every key has a default. */
    public static SlaPolicies from(JsonObject config) {
        ConfigSection sla = ConfigSection.root(config).section("sla");
        List<String> tiers = ConfigSection.tierNames(config);

        Map<String, BusinessCalendar> calendars = readCalendars(sla);

        ConfigSection targets = sla.section("targets");
        for (String key : targets.keys()) {
            if (DEFAULT_TARGETS.keySet().stream().noneMatch(s -> s.code().equals(key))) {
                throw targets.bad(key, "unknown severity; use critical, high, normal or low");
            }
        }
        Map<Severity, String> calendarOf = new EnumMap<>(Severity.class);
        Map<Severity, Duration> firstResponse = new EnumMap<>(Severity.class);
        Map<Severity, Duration> resolution = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            Target defaults = DEFAULT_TARGETS.get(severity);
            ConfigSection target = targets.section(severity.code());
            String calendarName = target.string("calendar", defaults.calendar());
            BusinessCalendar calendar = calendars.get(calendarName);
            if (calendar == null) {
                throw target.bad("calendar", "no calendar named '" + calendarName + "' under sla.calendars");
            }
            calendarOf.put(severity, calendarName);
            firstResponse.put(severity, duration(target, "first_response", defaults.firstResponse(), calendar));
            resolution.put(severity, duration(target, "resolution", defaults.resolution(), calendar));
        }

        ConfigSection factors = sla.section("tier_factor");
        Map<String, Double> tierFactor = new HashMap<>(Map.of("platinum", 0.5, "gold", 0.75));
        tierFactor.keySet().retainAll(tiers);
        for (String key : factors.keys()) {
            String tier = key.toLowerCase(Locale.ROOT);
            if (!tiers.contains(tier)) {
                throw factors.bad(key, "unknown tier; known tiers are " + String.join(", ", tiers));
            }
            tierFactor.put(tier, factors.positiveDouble(key, 1.0));
        }

        double atRisk = sla.positiveDouble("at_risk", 0.75);
        return new SlaPolicies(Map.copyOf(calendars), calendarOf, firstResponse, resolution,
            Map.copyOf(tierFactor), atRisk, readEscalation(sla.section("escalation")));
    }

    private static Map<String, BusinessCalendar> readCalendars(ConfigSection sla) {
        ConfigSection configured = sla.section("calendars");
        JsonObject defaults = defaultCalendars();
        Map<String, BusinessCalendar> calendars = new HashMap<>();
        for (String name : defaults.fieldNames()) {
            if (!configured.has(name)) {
                calendars.put(name, BusinessCalendar.from(ConfigSection.root(defaults.getJsonObject(name))));
            }
        }
        for (String name : configured.keys()) {
            calendars.put(name, BusinessCalendar.from(configured.section(name)));
        }
        return calendars;
    }

    private static List<EscalationLevel> readEscalation(ConfigSection section) {
        Map<String, Double> fractions = new LinkedHashMap<>(DEFAULT_ESCALATION);
        for (String key : section.keys()) {
            if (!DEFAULT_ESCALATION.containsKey(key)) {
                throw section.bad(key, "unknown escalation step; use owner, supervisors or managers");
            }
            fractions.put(key, section.positiveDouble(key, DEFAULT_ESCALATION.get(key)));
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(fractions.entrySet());
        ordered.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<EscalationLevel> levels = new ArrayList<>();
        for (Map.Entry<String, Double> entry : ordered) {
            levels.add(new EscalationLevel(levels.size() + 1, entry.getKey(), entry.getValue()));
        }
        return List.copyOf(levels);
    }

    static Duration duration(ConfigSection section, String key, String defaultValue, BusinessCalendar calendar) {
        String text = section.string(key, defaultValue).toLowerCase(Locale.ROOT).replace(" ", "");
        Duration result;
        if (text.startsWith("p")) {
            try {
                result = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw section.bad(key, "'" + text + "' is not a duration like 30m, 4h or 3d");
            }
        } else {
            Matcher part = PART.matcher(text);
            long nanos = 0;
            int end = 0;
            while (part.find() && part.start() == end) {
                double amount = Double.parseDouble(part.group(1));
                Duration unit = switch (part.group(2)) {
                    case "d" -> calendar.businessDay();
                    case "h" -> Duration.ofHours(1);
                    case "m" -> Duration.ofMinutes(1);
                    default -> Duration.ofSeconds(1);
                };
                nanos += Math.round(unit.toNanos() * amount);
                end = part.end();
            }
            if (text.isEmpty() || end != text.length()) {
                throw section.bad(key, "'" + text + "' is not a duration like 30m, 4h or 3d");
            }
            result = Duration.ofNanos(nanos);
        }
        if (result.isNegative() || result.isZero()) {
            throw section.bad(key, "must be longer than zero, got '" + text + "'");
        }
        return result;
    }

    /** The policy for a complaint of this severity from a customer of this tier (null = unknown caller). */
    public SlaPolicy policy(Severity severity, String tier) {
        String tierKey = tier == null ? null : tier.trim().toLowerCase(Locale.ROOT);
        double factor = tierKey == null ? 1.0 : tierFactor.getOrDefault(tierKey, 1.0);
        String calendarName = calendarOf.get(severity);
        return new SlaPolicy(severity, tierKey,
            scale(firstResponse.get(severity), factor), scale(resolution.get(severity), factor),
            calendarName, calendars.get(calendarName), atRiskFraction, escalation);
    }

    public BusinessCalendar calendar(String name) {
        BusinessCalendar calendar = calendars.get(name);
        if (calendar == null) {
            throw new IllegalArgumentException("no calendar named '" + name + "'");
        }
        return calendar;
    }

    public List<EscalationLevel> escalation() {
        return escalation;
    }

    public double atRiskFraction() {
        return atRiskFraction;
    }

    // Whole seconds: promises are made to customers in minutes, and seconds keep due times readable.
    static Duration scale(Duration target, double factor) {
        return factor == 1.0 ? target : Duration.ofSeconds(Math.round(target.toMillis() * factor / 1000.0));
    }

    private static Map<String, Double> orderedMap(String k1, double v1, String k2, double v2, String k3, double v3) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        return map;
    }
}
