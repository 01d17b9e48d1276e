package org.calldesk.complaints;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One complaint as stored, with its customer's name and its owner's username joined in. */
public record Complaint(
    long id,
    long customerId,
    String customerName,
    String linkedid,
    String category,
    Severity severity,
    String subject,
    String description,
    ComplaintStatus status,
    Long ownerId,
    String owner,
    String tier,
    String policy,
    long firstResponseTargetS,
    long resolutionTargetS,
    String calendar,
    Instant openedAt,
    Instant firstResponseDue,
    Instant resolutionDue,
    Instant atRiskAt,
    Instant breachAt,
    Instant nextEscalationAt,
    Instant firstRespondedAt,
    Instant resolvedAt,
    Instant closedAt,
    long pausedS,
    Instant pausedSince,
    int escalationLevel,
    Integer satisfaction,
    Instant followUpDue) {

    public static Complaint from(Row row) {
        return new Complaint(
            row.getLong("id"),
            row.getLong("customer_id"),
            row.getString("customer_name"),
            row.getString("linkedid"),
            row.getString("category"),
            Severity.parse(row.getString("severity")),
            row.getString("subject"),
            row.getString("description"),
            ComplaintStatus.parse(row.getString("status")),
            row.getLong("owner_id"),
            row.getString("owner"),
            row.getString("tier"),
            row.getString("policy"),
            row.getInteger("first_response_target_s"),
            row.getInteger("resolution_target_s"),
            row.getString("calendar"),
            instant(row, "opened_at"),
            instant(row, "first_response_due"),
            instant(row, "resolution_due"),
            instant(row, "at_risk_at"),
            instant(row, "breach_at"),
            instant(row, "next_escalation_at"),
            instant(row, "first_responded_at"),
            instant(row, "resolved_at"),
            instant(row, "closed_at"),
            row.getLong("paused_s"),
            instant(row, "paused_since"),
            row.getInteger("escalation_level"),
            row.getInteger("satisfaction"),
            instant(row, "follow_up_due"));
    }

    public SlaState slaState(Instant now) {
        return SlaSchedule.state(status, resolutionDue, atRiskAt, breachAt, now);
    }

    /** The policy the complaint was opened under; targets as they were then, calendar and ladder as configured now. */
    public SlaPolicy slaPolicy(SlaPolicies policies) {
        return new SlaPolicy(severity, tier, java.time.Duration.ofSeconds(firstResponseTargetS),
            java.time.Duration.ofSeconds(resolutionTargetS), calendar, policies.calendar(calendar),
            policies.atRiskFraction(), policies.escalation());
    }

    public JsonObject toJson(Instant now) {
        return new JsonObject()
            .put("id", id)
            .put("customerId", customerId)
            .put("customer", customerName)
            .put("linkedid", linkedid)
            .put("category", category)
            .put("severity", severity.code())
            .put("subject", subject)
            .put("description", description)
            .put("status", status.code())
            .put("owner", owner)
            .put("tier", tier)
            .put("policy", policy)
            .put("openedAt", iso(openedAt))
            .put("firstResponseDue", iso(firstResponseDue))
            .put("resolutionDue", iso(resolutionDue))
            .put("breachAt", iso(breachAt))
            .put("firstRespondedAt", iso(firstRespondedAt))
            .put("resolvedAt", iso(resolvedAt))
            .put("closedAt", iso(closedAt))
            .put("pausedSeconds", pausedS)
            .put("escalationLevel", escalationLevel)
            .put("satisfaction", satisfaction)
            .put("followUpDue", iso(followUpDue))
            .put("slaState", slaState(now).code());
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
