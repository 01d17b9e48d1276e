package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;
import org.calldesk.customers.Tiers;
import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The escalation steps, in the order they are listed when two fall due at the same fraction. */
    private static final List<String> ESCALATION_STEPS = List.of("owner", "supervisors", "managers");

    /** One version of the targets; an administrator's change swaps in a whole new one ({@link #adopt}). */
    private record Rules(Map<String, BusinessCalendar> calendars, Map<Severity, String> calendarOf,
        Map<Severity, Duration> firstResponse, Map<Severity, Duration> resolution,
        Map<String, Double> tierFactor, double atRiskFraction, List<EscalationLevel> escalation) {
    }

    private volatile Rules rules;

    private SlaPolicies(Map<String, BusinessCalendar> calendars, Map<Severity, String> calendarOf,
        Map<Severity, Duration> firstResponse, Map<Severity, Duration> resolution,
        Map<String, Double> tierFactor, double atRiskFraction, List<EscalationLevel> escalation) {
        this.rules = new Rules(calendars, calendarOf, firstResponse, resolution, tierFactor, atRiskFraction, escalation);
    }

    /**
     * Takes the targets and calendars of {@code newer} (read from the configuration with an administrator's
     * changes over it): every part holding this object applies them to the next complaint, without a restart.
     */
    public void adopt(SlaPolicies newer) {
        this.rules = newer.rules;
    }

    /** Reads the {@code sla} section of the whole calldesk config; tier names are checked against {@code tiers}. */
    public static SlaPolicies from(JsonObject config) {
        ConfigSection root = ConfigSection.root(config);
        return from(root, Tiers.from(root));
    }

    public static SlaPolicies from(ConfigSection root, Tiers pyramid) {
        ConfigSection sla = root.section("sla");
        List<String> tiers = pyramid.keys();

        Map<String, BusinessCalendar> calendars = readCalendars(sla);

        ConfigSection targets = sla.section("targets");
        for (String key : targets.keys()) {
            if (Arrays.stream(Severity.values()).noneMatch(s -> s.code().equals(key))) {
                throw targets.bad(key, "unknown severity; use critical, high, normal or low");
            }
        }
        Map<Severity, String> calendarOf = new EnumMap<>(Severity.class);
        Map<Severity, Duration> firstResponse = new EnumMap<>(Severity.class);
        Map<Severity, Duration> resolution = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            ConfigSection target = targets.section(severity.code());
            String calendarName = target.string("calendar");
            BusinessCalendar calendar = calendars.get(calendarName);
            if (calendar == null) {
                throw target.bad("calendar", "no calendar named '" + calendarName + "' under sla.calendars");
            }
            calendarOf.put(severity, calendarName);
            firstResponse.put(severity, duration(target, "first_response", calendar));
            resolution.put(severity, duration(target, "resolution", calendar));
        }

        // A partial map by design: a tier without a factor keeps the targets as written.
        ConfigSection factors = sla.section("tier_factor");
        Map<String, Double> tierFactor = new HashMap<>();
        for (String key : factors.keys()) {
            String tier = key.toLowerCase(Locale.ROOT);
            if (!tiers.contains(tier)) {
                throw factors.bad(key, "unknown tier; known tiers are " + String.join(", ", tiers));
            }
            tierFactor.put(tier, factors.positiveDouble(key));
        }

        double atRisk = sla.positiveDouble("at_risk");
        return new SlaPolicies(Map.copyOf(calendars), calendarOf, firstResponse, resolution,
            Map.copyOf(tierFactor), atRisk, readEscalation(sla.section("escalation")));
    }

    private static Map<String, BusinessCalendar> readCalendars(ConfigSection sla) {
        ConfigSection configured = sla.section("calendars");
        Map<String, BusinessCalendar> calendars = new HashMap<>();
        for (String name : configured.keys()) {
            calendars.put(name, BusinessCalendar.from(configured.section(name)));
        }
        return calendars;
    }

    private static List<EscalationLevel> readEscalation(ConfigSection section) {
        for (String key : section.keys()) {
            if (!ESCALATION_STEPS.contains(key)) {
                throw section.bad(key, "unknown escalation step; use owner, supervisors or managers");
            }
        }
        Map<String, Double> fractions = new LinkedHashMap<>();
        for (String step : ESCALATION_STEPS) {
            fractions.put(step, section.positiveDouble(step));
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(fractions.entrySet());
        ordered.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<EscalationLevel> levels = new ArrayList<>();
        for (Map.Entry<String, Double> entry : ordered) {
            levels.add(new EscalationLevel(levels.size() + 1, entry.getKey(), entry.getValue()));
        }
        return List.copyOf(levels);
    }

    static Duration duration(ConfigSection section, String key, BusinessCalendar calendar) {
        String text = section.string(key).toLowerCase(Locale.ROOT).replace(" ", "");
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
        Rules now = rules;
        String tierKey = tier == null ? null : tier.trim().toLowerCase(Locale.ROOT);
        double factor = tierKey == null ? 1.0 : now.tierFactor().getOrDefault(tierKey, 1.0);
        String calendarName = now.calendarOf().get(severity);
        return new SlaPolicy(severity, tierKey,
            scale(now.firstResponse().get(severity), factor), scale(now.resolution().get(severity), factor),
            calendarName, now.calendars().get(calendarName), now.atRiskFraction(), now.escalation());
    }

    public BusinessCalendar calendar(String name) {
        BusinessCalendar calendar = rules.calendars().get(name);
        if (calendar == null) {
            throw new IllegalArgumentException("no calendar named '" + name + "'");
        }
        return calendar;
    }

    public List<EscalationLevel> escalation() {
        return rules.escalation();
    }

    public double atRiskFraction() {
        return rules.atRiskFraction();
    }

    // Whole seconds: promises are made to customers in minutes, and seconds keep due times readable.
    static Duration scale(Duration target, double factor) {
        return factor == 1.0 ? target : Duration.ofSeconds(Math.round(target.toMillis() * factor / 1000.0));
    }
}
