package org.calldesk.worklist;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.calls.ClickToCall;
import org.calldesk.platform.Conflict;
import org.calldesk.platform.Forbidden;
import org.calldesk.platform.NotFound;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.calldesk.worklist.Attempts.utc;

/**
 * Dialling a callback: claimed in PostgreSQL first, so that two agents (or nodes) never dial the same one; then the
 * click-to-call; its outcome closes the callback (connected), puts it back with a back-off (no answer, busy,
 * failed) or gives it up after the last allowed attempt. The agent's own phone not answering is not the
 * customer's attempt: the callback goes back as it was.
 */
final class CallbackCalls {

    private static final Logger log = LoggerFactory.getLogger(CallbackCalls.class);

    /** A claimed callback: whom to call and which attempt this is (1 = the first). */
    record Claim(long id, String number, int attempt) {}

    private final Pool pg;
    private final ClickToCall clickToCall;
    private final Attempts attempts;
    private final CallbackSettings settings;
    private final Clock clock;

    CallbackCalls(Pool pg, ClickToCall clickToCall, Attempts attempts, CallbackSettings settings, Clock clock) {
        this.pg = pg;
        this.clickToCall = clickToCall;
        this.attempts = attempts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Marks the requests too old to call as expired; how many. */
    Future<Integer> expire() {
        return pg.preparedQuery(WorkListSql.EXPIRE_CALLBACKS).execute(Tuple.of(utc(settings.expiredBefore(clock.instant()))))
                .map(rows -> rows.rowCount());
    }

    /**
     * Claims callback {@code id} for {@code user}: fails with NotFound, Forbidden (not theirs nor their queues'), or
     * Conflict (being dialled, not due yet, finished or expired) saying which.
     */
    Future<Claim> claim(SessionUser user, long id) {
        boolean all = user.role().atLeast(Role.SUPERVISOR);
        Instant now = clock.instant();
        return pg.preparedQuery(WorkListSql.CALLBACK_FOR).execute(Tuple.of(id, user.id(), all)).compose(found -> {
            if (found.size() == 0) {
                return Future.failedFuture(new NotFound("no callback with id " + id));
            }
            if (!Boolean.TRUE.equals(found.iterator().next().getBoolean("visible"))) {
                return Future.failedFuture(new Forbidden("callback " + id + " is neither yours nor your queues'"));
            }
            return pg.preparedQuery(WorkListSql.CLAIM_CALLBACK).execute(Tuple.from(new Object[]{id, user.id(), all,
                    utc(now), utc(settings.expiredBefore(now)), utc(settings.staleClaimBefore(now))}));
        }).compose(claimed -> {
            if (claimed.size() == 1) {
                Row row = claimed.iterator().next();
                return Future.succeededFuture(new Claim(id, row.getString("caller_number"), row.getInteger("attempts")));
            }
            return pg.preparedQuery(WorkListSql.CALLBACK_FOR).execute(Tuple.of(id, user.id(), all))
                    .compose(rows -> Future.failedFuture(refusal(rows.iterator().next(), now)));
        });
    }

    private Conflict refusal(Row row, Instant now) {
        String status = row.getString("status");
        OffsetDateTime next = row.getOffsetDateTime("next_attempt_at");
        String problem = switch (status) {
            case "dialling" -> "callback " + row.getLong("id") + " is being called by " + row.getString("claimed_by_name");
            case "pending" -> next != null && next.toInstant().isAfter(now)
                    ? "callback " + row.getLong("id") + " is not due again before " + next.toInstant()
                    : "callback " + row.getLong("id") + " has expired";
            default -> "callback " + row.getLong("id") + " is " + status;
        };
        return new Conflict(problem, Map.of("status", status));
    }

    /** Claims and dials; the attempt's id once the phone system has taken the call. */
    Future<String> call(SessionUser user, long id) {
        return claim(user, id).compose(claim -> clickToCall.start(user, claim.number(),
                        attempts.recorder(user, claim.number(), new Attempts.Purpose(id, null, null),
                                (outcome, reason) -> settle(user, claim, outcome, reason)))
                .recover(e -> release(user, claim, "failed", e.getMessage()).transform(v -> Future.failedFuture(e))));
    }

    /** What the attempt's outcome does to the callback. */
    Future<Void> settle(SessionUser user, Claim claim, Attempts.Outcome outcome, String reason) {
        Instant now = clock.instant();
        Future<?> written;
        if (outcome == Attempts.Outcome.CONNECTED) {
            written = pg.preparedQuery(WorkListSql.CALLBACK_CONNECTED).execute(Tuple.of(claim.id(), user.id(), utc(now), reason));
        } else if (!outcome.reachedCustomerLeg()) {
            written = release(user, claim, outcome.code(), reason);
        } else {
            boolean exhausted = settings.exhausted(claim.attempt());
            written = pg.preparedQuery(WorkListSql.CALLBACK_MISSED).execute(Tuple.of(claim.id(), user.id(),
                    exhausted ? "failed" : "pending", exhausted ? null : utc(settings.nextAttemptAt(claim.attempt(), now)),
                    outcome.code(), reason));
        }
        log.info("callback {}: attempt {} by {}: {}", claim.id(), claim.attempt(), user.username(), outcome.code());
        return written.<Void>mapEmpty().onFailure(e -> log.warn("callback {}: outcome {} not recorded: {}", claim.id(),
                outcome.code(), e.getMessage()));
    }

    private Future<Void> release(SessionUser user, Claim claim, String outcome, String reason) {
        return pg.preparedQuery(WorkListSql.CALLBACK_RELEASED).execute(Tuple.of(claim.id(), user.id(), outcome, reason))
                .mapEmpty();
    }
}
