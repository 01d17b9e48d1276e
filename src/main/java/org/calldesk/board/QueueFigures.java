package org.calldesk.board;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * A queue's call figures over one period (the rolling window or today), as counted by
 * {@link BoardSql#QUEUE_FIGURES}. Rates are null when nothing was there to divide: a board showing
 * "100 %" for a queue that answered nobody would lie.
 */
public record QueueFigures(long offered, long answered, long abandoned, long answeredWithin, Long asaMs) {


    /** From a {@code QUEUE_FIGURES} row; {@code prefix} is {@code w_} for the window, {@code d_} for today. */
    static QueueFigures from(Row row, String prefix) {
        return new QueueFigures(row.getLong(prefix + "offered"), row.getLong(prefix + "answered"),
                row.getLong(prefix + "abandoned"), row.getLong(prefix + "within"), row.getLong(prefix + "asa_ms"));
    }

    /** Answered within the threshold ÷ answered. */
    public Double serviceLevel() {
        return ratio(answeredWithin, answered);
    }

    /** Answered within the threshold ÷ (answered + abandoned): callers who gave up count against it. */
    public Double serviceLevelWithAbandons() {
        return ratio(answeredWithin, answered + abandoned);
    }

    /**
     * The wallboard's headline service level: answered within the threshold ÷ (answered + abandoned + callers still
     * waiting beyond the threshold). A caller who has already waited past the target is a miss however the call ends,
     * so a backlog shows at once instead of after the callers hang up; abandons count against it as in
     * {@link #serviceLevelWithAbandons()}. With nobody waiting over the threshold it equals that variant. Live only:
     * historical figures have no waiting callers, and use the two definitions above.
     */
    public Double serviceLevelCountingWaiting(long waitingOverThreshold) {
        return ratio(answeredWithin, answered + abandoned + waitingOverThreshold);
    }

    /** Abandoned ÷ offered. */
    public Double abandonRate() {
        return ratio(abandoned, offered);
    }

    /** No calls at all: what a queue without a row (or an empty period) has. */
    public static final QueueFigures NONE = new QueueFigures(0, 0, 0, 0, null);

    public JsonObject toJson() {
        return new JsonObject()
                .put("offered", offered)
                .put("answered", answered)
                .put("abandoned", abandoned)
                .put("answeredWithin", answeredWithin)
                .put("serviceLevel", serviceLevel())
                .put("serviceLevelWithAbandons", serviceLevelWithAbandons())
                .put("asaMs", asaMs)
                .put("abandonRate", abandonRate());
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
