package org.calldesk.worklist;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.SessionUser;
import org.calldesk.telephony.Originations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every click-to-call placed from the work list, the pop or the 360° page is kept in {@code call_attempts} with each
 * stage the phone system reports and, once settled, its outcome: connected, no answer, busy, failed (with the
 * reason), or the agent's own phone not reached.
 */
final class Attempts {

    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    enum Outcome {
        CONNECTED, NO_ANSWER, BUSY, FAILED, AGENT_UNREACHABLE;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the customer's phone was tried: only then does the attempt count against a callback. */
        boolean reachedCustomerLeg() {
            return this != AGENT_UNREACHABLE;
        }
    }

    /** What the call is for: one callback, one complaint's follow-up, one account item, or none (a number). */
    record Purpose(Long callbackId, Long complaintId, Long itemId) {
        static final Purpose NONE = new Purpose(null, null, null);
    }

    private final Pool pg;
    private final Clock clock;

    Attempts(Pool pg, Clock clock) {
        this.pg = pg;
        this.clock = clock;
    }

    /**
     * The outcome of a settled attempt. A customer-leg Dial tells its DIALSTATUS; an attempt that settled before the
     * agent answered never rang the customer.
     */
    static Outcome outcome(Originations.Progress settled, boolean agentAnswered) {
        if (settled.stage() == Originations.Stage.CONNECTED) {
            return Outcome.CONNECTED;
        }
        if (!agentAnswered) {
            return Outcome.AGENT_UNREACHABLE;
        }
        String status = settled.dialStatus() == null ? "" : settled.dialStatus();
        return switch (status) {
            case "NOANSWER" -> Outcome.NO_ANSWER;
            case "BUSY" -> Outcome.BUSY;
            default -> Outcome.FAILED;
        };
    }

    /**
     * A watcher for one attempt that writes each stage, and hands the settled outcome and its reason to
     * {@code settled}. Runs on the bridge's context: it only starts writes.
     */
    Consumer<Originations.Progress> recorder(SessionUser user, String number, Purpose purpose,
                                             BiConsumer<Outcome, String> settled) {
        OffsetDateTime started = clock.instant().atOffset(ZoneOffset.UTC);
        boolean[] answered = {false};
        return progress -> {
            if (progress.stage() == Originations.Stage.ANSWERED) {
                answered[0] = true;
            }
            Outcome outcome = progress.settled() ? outcome(progress, answered[0]) : null;
            String stage = progress.stage().name().toLowerCase(Locale.ROOT);
            pg.preparedQuery(WorkListSql.ATTEMPT_STAGE).execute(Tuple.from(new Object[]{progress.id(), user.id(), number,
                            purpose.callbackId(), purpose.complaintId(), purpose.itemId(), started, stage,
                            outcome == null ? null : outcome.code(), progress.reason(),
                            outcome == null ? null : clock.instant().atOffset(ZoneOffset.UTC)}))
                    .onFailure(e -> log.warn("click-to-call {}: stage {} not recorded: {}", progress.id(), stage,
                            e.getMessage()));
            if (outcome != null) {
                settled.accept(outcome, progress.reason());
            }
        };
    }

    static JsonObject json(Row row) {
        return new JsonObject().put("id", row.getString("id")).put("agentId", row.getLong("agent_id"))
                .put("number", row.getString("number")).put("customerId", row.getLong("customer_id"))
                .put("callbackId", row.getLong("callback_id")).put("complaintId", row.getLong("complaint_id"))
                .put("itemId", row.getLong("item_id")).put("startedAt", iso(row, "started_at"))
                .put("stage", row.getString("stage")).put("outcome", row.getString("outcome"))
                .put("reason", row.getString("reason")).put("settledAt", iso(row, "settled_at"));
    }

    static String iso(Row row, String column) {
        OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant().toString();
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
