package org.calldesk.complaints;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.calldesk.complaints.Complaint.instant;

/** The complaint as the detail page and API show it: the row, its audit trail and both SLA clocks. */
final class ComplaintView {

    private ComplaintView() {
    }

    static JsonObject detail(Complaint c, RowSet<Row> eventRows, SlaPolicies policies, Instant now) {
        JsonArray events = new JsonArray();
        List<StatusChange> history = new ArrayList<>();
        for (Row row : eventRows) {
            events.add(new JsonObject().put("at", Complaint.iso(instant(row, "at"))).put("actor", row.getString("actor"))
                    .put("kind", row.getString("kind")).put("from", row.getString("from_status"))
                    .put("to", row.getString("to_status")).put("note", row.getString("note"))
                    .put("level", row.getInteger("level")).put("linkedid", row.getString("linkedid")));
            if (row.getString("to_status") != null) {
                history.add(StatusChange.of(instant(row, "at"), row.getString("to_status")));
            }
        }
        // the full clock from the trail, not the indexed columns: this page shows used and remaining time
        SlaClock sla = SlaClock.of(c.slaPolicy(policies), c.openedAt(), history);
        return c.toJson(now)
                .put("events", events)
                .put("allowed", new JsonArray(c.status().allowed().stream().map(ComplaintStatus::code).toList()))
                .put("sla", sla(c, sla, now));
    }

    private static JsonObject sla(Complaint c, SlaClock sla, Instant now) {
        long firstResponseUsed = sla.policy().calendar().businessTimeBetween(c.openedAt(),
                sla.firstResponseAt().orElse(now)).toMillis();
        return new JsonObject()
                .put("state", sla.state(now).code())
                .put("now", now.toString())
                .put("firstResponse", new JsonObject()
                        .put("due", sla.firstResponseDue().toString())
                        .put("targetMs", c.firstResponseTargetS() * 1000)
                        .put("usedMs", firstResponseUsed)
                        .put("met", sla.firstResponseAt().isPresent())
                        .put("late", sla.firstResponseLate(now)))
                .put("resolution", new JsonObject()
                        .put("due", sla.resolutionDue().map(Instant::toString).orElse(null))
                        .put("targetMs", c.resolutionTargetS() * 1000)
                        .put("usedMs", sla.used(now).toMillis())
                        .put("remainingMs", sla.remaining(now).toMillis())
                        .put("running", c.status().clock() == ComplaintStatus.Clock.RUNNING));
    }
}
