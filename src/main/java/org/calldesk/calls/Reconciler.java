package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.calldesk.customers.CustomerCard;
import org.calldesk.telephony.AgentDirectory;
import org.calldesk.telephony.AgentDirectory.AgentLine;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.QueueLogCall;
import org.calldesk.telephony.QueueLogCalls;
import org.calldesk.telephony.QueueLogSource;
import org.calldesk.telephony.QueueLogSource.Position;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.platform.Masked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in the calls calldesk did not hear, because it was stopped or its AMI link was down, from Asterisk's
 * queue_log: at start and after every AMI resync, from where the last read left off (kept in
 * {@code queue_log_position}). A call missing from the call log is written, with its caller's customer; a call
 * stored as lost (it ended during an outage) gets the outcome the log tells; a call already stored is left alone,
 * matched by Linkedid or by the caller's Uniqueid, so no call is stored twice however often the log is read again.
 *
 * <p>Runs on its own context, one read at a time: a read asked for while one runs follows it, once.
 */
public final class Reconciler extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** Lines read, applied and written per step; the position is saved after each. */
    private static final int BATCH_LINES = 2000;
    private static final String LOST = LiveCall.Outcome.LOST.dbValue();

    /**
     * What one read of the log did. {@code filledIn}: calls written; {@code outcomesFilledIn}: lost calls given
     * their real end; {@code alreadyStored}: ended calls found stored; {@code stillOpen}: calls whose end is not in
     * the log yet (the position stays before them).
     */
    public record Result(int lines, int filledIn, int outcomesFilledIn, int alreadyStored, int stillOpen) {}

    private final QueueLogSource source;
    private final boolean fromBeginning;
    private final Pool pool;
    private final CallStore store;
    private final AgentDirectory agents;
    private final Function<String, Future<Optional<CustomerCard>>> customerByPhone;
    private boolean running;
    private Promise<Result> queued;
    private volatile int passes;

    /**
     * @param fromBeginning   with no saved position, read the calls already in the log (else start at its end)
     * @param customerByPhone the customer a caller number belongs to, for the call's customer and history
     */
    public Reconciler(QueueLogSource source, boolean fromBeginning, Pool pool, CallStore store, AgentDirectory agents,
                      Function<String, Future<Optional<CustomerCard>>> customerByPhone) {
        this.source = source;
        this.fromBeginning = fromBeginning;
        this.pool = pool;
        this.store = store;
        this.agents = agents;
        this.customerByPhone = customerByPhone;
    }

    /** Reads at start; the server does not wait for it, as a long log may take a while the first time. */
    @Override
    public Future<?> start() {
        enqueue();
        return Future.succeededFuture();
    }

    /**
     * An AMI bridge subscriber: after each resync, which is also when calls that ended during the outage were
     * stored as lost, the log tells how they really ended.
     */
    public void onEvent(CallEvent event) {
        if (event instanceof CallEvent.ResyncComplete && context != null) {
            context.runOnContext(v -> enqueue());
        }
    }

    /** Reads the log now (after the read under way, if any); for any thread. */
    public Future<Result> reconcile() {
        Promise<Result> done = Promise.promise();
        context.runOnContext(v -> enqueue().onComplete(done));
        return done.future();
    }

    /** Reads finished so far, successful or not. */
    public int passes() {
        return passes;
    }

    private Future<Result> enqueue() {
        if (!running) {
            running = true;
            return pass().onComplete(ar -> {
                running = false;
                passes++;
                Promise<Result> next = queued;
                queued = null;
                if (next != null) {
                    enqueue().onComplete(next);
                }
            });
        }
        if (queued == null) {
            queued = Promise.promise();
        }
        return queued.future();
    }

    private Future<Result> pass() {
        QueueLogCalls calls = new QueueLogCalls();
        Tally tally = new Tally();
        return savedPosition()
            .compose(saved -> saved.isPresent() ? Future.succeededFuture(saved.get()) : source.start(fromBeginning))
            .compose(from -> readFrom(from, calls, tally))
            .map(v -> new Result(tally.lines, tally.filledIn, tally.outcomesFilledIn, tally.alreadyStored,
                calls.openCalls()))
            .onSuccess(r -> {
                if (r.filledIn() + r.outcomesFilledIn() > 0) {
                    log.info("queue_log ({}): {} lines read, {} calls filled in, {} outcomes filled in, {} already "
                        + "stored, {} not ended yet", source.name(), r.lines(), r.filledIn(), r.outcomesFilledIn(),
                        r.alreadyStored(), r.stillOpen());
                }
            })
            .onFailure(e -> log.warn("queue_log ({}) not read to its end: {}; the next read goes on from the last "
                + "position saved", source.name(), e.getMessage()));
    }

    private Future<Void> readFrom(Position from, QueueLogCalls calls, Tally tally) {
        return source.read(from, BATCH_LINES).compose(batch -> {
            tally.lines += batch.lines().size();
            if (batch.unreadable() > 0) {
                log.warn("queue_log ({}): {} lines that are not queue_log lines skipped", source.name(),
                    batch.unreadable());
            }
            List<QueueLogCall> ended = calls.apply(batch.lines());
            Instant lastTime = batch.lines().isEmpty() ? null : batch.lines().getLast().time();
            // Saved only once the calls that ended in the batch are written, and before the calls still open.
            return write(ended, tally)
                .compose(v -> savePosition(calls.resumeFrom(batch.next()), lastTime))
                .compose(v -> batch.more() ? readFrom(batch.next(), calls, tally) : Future.succeededFuture());
        });
    }

    private Future<Void> write(List<QueueLogCall> ended, Tally tally) {
        if (ended.isEmpty()) {
            return Future.succeededFuture();
        }
        String[] ids = ended.stream().map(QueueLogCall::callid).toArray(String[]::new);
        return pool.preparedQuery(CallSql.CALLS_KNOWN).execute(Tuple.tuple().addArrayOfString(ids)).compose(rows -> {
            Map<String, String> outcomeOf = new HashMap<>();
            for (Row row : rows) {
                outcomeOf.put(row.getString("linkedid"), row.getString("outcome"));
                if (row.getString("caller_uniqueid") != null) {
                    outcomeOf.put(row.getString("caller_uniqueid"), row.getString("outcome"));
                }
            }
            Future<Void> chain = Future.succeededFuture();
            for (QueueLogCall call : ended) {
                chain = chain.compose(v -> fillIn(call, outcomeOf.get(call.callid()), tally));
            }
            return chain;
        });
    }

    private Future<Void> fillIn(QueueLogCall logged, String storedOutcome, Tally tally) {
        if (storedOutcome != null && !LOST.equals(storedOutcome)) {
            tally.alreadyStored++;
            return Future.succeededFuture();
        }
        String agentInterface = agentInterface(logged.memberName());
        if (storedOutcome != null) {
            return fillInOutcome(logged.toLiveCall(agentInterface, null), tally);
        }
        return customerRoute(logged)
            .compose(route -> store.store(logged.toLiveCall(agentInterface, route), Instant.now()))
            .compose(inserted -> {
                if (!inserted) {
                    // The live path stored it since we looked: as lost, its end is still to be filled in.
                    return fillInOutcome(logged.toLiveCall(agentInterface, null), tally);
                }
                tally.filledIn++;
                log.info("call {} filled in from the queue_log: {} in {}", logged.callid(),
                    logged.outcome().dbValue(), logged.queue());
                return Future.succeededFuture();
            });
    }

    private Future<Void> fillInOutcome(LiveCall call, Tally tally) {
        return store.fillInLost(call).map(filled -> {
            if (filled) {
                tally.outcomesFilledIn++;
                log.info("call {} (lost during the AMI outage) {} in {}, says the queue_log", call.callerUniqueid(),
                    call.outcome().dbValue(), call.queue());
            } else {
                tally.alreadyStored++;
            }
            return null;
        });
    }

    /** A member with no agent of that name keeps the name as its interface when it looks like one (PJSIP/1001). */
    private String agentInterface(String memberName) {
        return agents.byMemberName(memberName).map(AgentLine::iface)
            .orElse(memberName != null && memberName.contains("/") ? memberName : null);
    }

    /** The caller's customer, today's tier; no route was taken while calldesk was away, so none is made up. */
    private Future<RouteInfo> customerRoute(QueueLogCall call) {
        if (call.callerNumber() == null) {
            return Future.succeededFuture(null);
        }
        return customerByPhone.apply(call.callerNumber())
            .map(card -> card.map(c -> new RouteInfo(c.id(), c.tier(), 0, null, call.queue(), null)).orElse(null))
            .recover(e -> {
                log.warn("call {}: customer of {} not looked up ({}); stored without", call.callid(),
                    Masked.phone(call.callerNumber()), e.getMessage());
                return Future.succeededFuture(null);
            });
    }

    private Future<Optional<Position>> savedPosition() {
        return pool.preparedQuery(CallSql.QUEUE_LOG_POSITION).execute(Tuple.of(source.name())).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Position(row.getString("file_id"), row.getString("file_head"),
                row.getLong("position")));
        });
    }

    private Future<Void> savePosition(Position position, Instant lastTime) {
        OffsetDateTime last = lastTime == null ? null : lastTime.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(CallSql.SAVE_QUEUE_LOG_POSITION)
            .execute(Tuple.of(source.name(), position.fileId(), position.head(), position.offset(), last))
            .mapEmpty();
    }

    /** Counts of one read; touched on the reconciler's context only. */
    private static final class Tally {
        int lines;
        int filledIn;
        int outcomesFilledIn;
        int alreadyStored;
    }
}
