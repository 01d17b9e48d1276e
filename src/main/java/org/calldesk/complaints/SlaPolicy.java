package org.calldesk.complaints;

import org.calldesk.calendar.BusinessCalendar;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The promise made for one complaint: targets already scaled for the customer's tier, the calendar
 * they are counted on, the at-risk threshold and the escalation ladder.
 */
public record SlaPolicy(
    Severity severity,
    String tier,
    Duration firstResponse,
    Duration resolution,
    String calendarName,
    BusinessCalendar calendar,
    double atRiskFraction,
    List<EscalationLevel> escalation) {

    public SlaPolicy {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(calendar, "calendar");
        if (firstResponse == null || firstResponse.isNegative() || firstResponse.isZero()
            || resolution == null || resolution.isNegative() || resolution.isZero()) {
            throw new IllegalArgumentException("SLA targets must be positive: " + firstResponse + ", " + resolution);
        }
        escalation = List.copyOf(escalation);
    }

    public EscalationLevel level(int level) {
        return escalation.stream()
            .filter(l -> l.level() == level)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no escalation level " + level));
    }
}
