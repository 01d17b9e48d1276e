package org.calldesk.reports;

import org.calldesk.platform.ConfigSection;

import java.time.ZoneId;
import java.util.List;

/**
 * The {@code reports} config section, with what the reports need of the queues ({@code telephony.queues}) and the
 * display time zone, in which intervals and days are counted.
 */
public record ReportSettings(int shortAbandonS, boolean excludeShortAbandons, int maxRangeDays, int maxPoints,
                             List<QueueThresholds> queues, ZoneId zone) {

    /** A queue's service-level threshold and wrap-up, as the rollup counts them. */
    public record QueueThresholds(String name, long serviceLevelMs, long wrapupMs) {
    }

    public static ReportSettings from(ConfigSection root) {
        ConfigSection reports = root.section("reports");
        List<QueueThresholds> queues = root.section("telephony").entries("queues").stream()
                .map(q -> new QueueThresholds(q.string("name"), q.nonNegativeInt("service_level_s") * 1000L,
                        Math.round(q.nonNegativeDouble("wrapup_s") * 1000)))
                .toList();
        String zone = root.section("display").stringOrEmpty("time_zone");
        return new ReportSettings(reports.nonNegativeInt("short_abandon_s"), reports.bool("exclude_short_abandons"),
                reports.positiveInt("max_range_days"), reports.positiveInt("max_points"), queues,
                zone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zone));
    }

    public long shortAbandonMs() {
        return shortAbandonS * 1000L;
    }

    public List<String> queueNames() {
        return queues.stream().map(QueueThresholds::name).toList();
    }
}
