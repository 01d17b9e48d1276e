package org.calldesk.calls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.calldesk.calls.OutboxFile.Line;
import org.calldesk.routing.CallbackRequest;
import org.calldesk.telephony.CallChanged;
import org.calldesk.telephony.LiveCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure that a call that ended is written, and a callback request the caller was told is booked is stored,
 * however long PostgreSQL is away. Ended calls are written as they end while nothing waits; one that PostgreSQL does
 * not take (down, or no answer within {@code write_timeout_ms}) is kept in an {@link OutboxFile} under the data
 * directory, and so is every call that ends while anything waits there, so that calls are written in the order they
 * ended. The oldest entry is tried again after {@code retry_first_ms}, doubling up to {@code retry_max_ms}, without
 * end; entries left by a stopped or crashed server are written once the next one starts.
 *
 * <p>The outbox is bounded ({@code max_entries}, {@code max_mb}). Once full it refuses what comes next rather than
 * dropping what it holds (that is older, and the file is append-only): each refused entry is logged in full at WARN
 * so that it can be put back by hand, an ERROR says so at most once a minute, {@code calldesk.outbox.refused} counts
 * them and health says DOWN. Something PostgreSQL rejects for its content (bad data, a broken constraint) is logged
 * at ERROR and not retried, as it would block all behind it for ever.
 */
public final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int BATCH = 100;
    private static final long ALARM_EVERY_MS = 60_000;

    /** What health and the operator see. {@code lastFailure}: why the oldest entry is still there, if known. */
    public record Status(int depth, long bytes, long refused, String lastFailure) {}

    private final Vertx vertx;
    private final OutboxFile file;
    private final OutboxSettings settings;
    private final CallStore calls;
    private final Function<CallbackRequest, Future<?>> callbacks;
    private final Counter refused;
    private final Counter discarded;
    private final Counter callFailures;
    private final Counter callbackFailures;
    /** Ended calls, kept in the order they ended; extended on the bridge's context only. */
    private volatile Future<Void> tail = Future.succeededFuture();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Promise<Void> leftoverWritten = Promise.promise();
    private volatile boolean running;
    private volatile long retryTimer = -1;
    private long backoffMs;
    private int failedInARow;
    private volatile String lastFailure;
    private volatile String diskFailure;
    private volatile long lastFullAlarm;
    private volatile long lastDownAlarm;

    /**
     * @param dir       where the outbox file lives (under the data directory)
     * @param callbacks stores a callback request (a duplicate counts as stored)
     */
    public Outbox(Vertx vertx, Path dir, OutboxSettings settings, CallStore calls,
                  Function<CallbackRequest, Future<?>> callbacks, MeterRegistry meters) {
        this.vertx = vertx;
        this.file = new OutboxFile(vertx, dir, settings.maxEntries(), settings.maxBytes());
        this.settings = settings;
        this.calls = calls;
        this.callbacks = callbacks;
        this.backoffMs = settings.retryFirstMs();
        Gauge.builder("calldesk.outbox.depth", file, OutboxFile::depth)
            .description("Ended calls and callback requests waiting in the outbox for PostgreSQL").register(meters);
        Gauge.builder("calldesk.outbox.bytes", file, OutboxFile::bytes)
            .description("Size of the outbox file").baseUnit("bytes").register(meters);
        refused = Counter.builder("calldesk.outbox.refused")
            .description("Entries the full (or unwritable) outbox refused: lost unless put back by hand from the log")
            .register(meters);
        discarded = Counter.builder("calldesk.outbox.discarded")
            .description("Entries PostgreSQL rejected for their content, or unreadable: logged, not retried")
            .register(meters);
        callFailures = failures(meters, "call");
        callbackFailures = failures(meters, "callback");
    }

    private static Counter failures(MeterRegistry meters, String kind) {
        return Counter.builder("calldesk.store.failures").tag("kind", kind)
            .description("Writes to PostgreSQL that failed and are kept for another try").register(meters);
    }

    /** Reads what the last run left and starts writing it; call once PostgreSQL has been reached. */
    public Future<Void> start() {
        return file.open().map(depth -> {
            running = true;
            kick();
            return null;
        });
    }

    /**
     * Completes once what the last run left (if anything) is written. The queue_log reconciler waits for it: a call
     * it filled in first would be stored without the route that the kept call carries.
     */
    public Future<Void> leftoverWritten() {
        return leftoverWritten.future();
    }

    /** Stops trying; what is still kept is written by the next start. */
    public Future<Void> stop() {
        running = false;
        long timer = retryTimer;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return tail.otherwiseEmpty().eventually(file::close);
    }

    /**
     * Completes once every call that has ended so far is written to PostgreSQL or kept on disk (or refused, and
     * logged): for an orderly stop, so that the calls still live at the stop are not lost with the process.
     */
    public Future<Void> idle() {
        return tail.otherwiseEmpty();
    }

    /** A {@code LiveCalls} subscriber: every call that ends is written, now or from the outbox. */
    public void changed(CallChanged change) {
        if (change.ended()) {
            LiveCall call = change.call();
            tail = tail.transform(ignored -> keep(call));
        }
    }

    /** Keeps a callback request until PostgreSQL takes it; true once it is on disk. */
    public Future<Boolean> defer(CallbackRequest request) {
        return keepOnDisk(new Pending.Callback(request));
    }

    public Status status() {
        return new Status(file.depth(), file.bytes(), (long) refused.count(), file.depth() == 0 ? null : lastFailure);
    }

    /** For /health: null while the outbox can take what comes, else why not. */
    public Future<String> health() {
        if (file.full()) {
            return Future.succeededFuture("full (" + file.depth() + " entries, " + file.bytes() + " bytes): "
                + (long) refused.count() + " refused, lost unless put back from the log");
        }
        String disk = diskFailure;
        return Future.succeededFuture(disk == null ? null : "cannot write " + file.path() + ": " + disk);
    }

    private Future<Void> keep(LiveCall call) {
        Pending pending = new Pending.EndedCall(call);
        if (file.depth() > 0) {
            return keepOnDisk(pending).mapEmpty();
        }
        return calls.store(call).timeout(settings.writeTimeoutMs(), TimeUnit.MILLISECONDS).<Void>mapEmpty()
            .recover(e -> {
                if (rejected(e)) {
                    log.error("call {} not stored: PostgreSQL rejects it ({}): {}", call.linkedid(), e.getMessage(),
                        pending.toJson().encode());
                    discarded.increment();
                    return Future.succeededFuture();
                }
                callFailures.increment();
                log.warn("call {} not stored now ({}); kept in the outbox", call.linkedid(), e.getMessage());
                return keepOnDisk(pending).mapEmpty();
            });
    }

    private Future<Boolean> keepOnDisk(Pending pending) {
        String line = pending.toJson().encode();
        return file.append(line)
            .map(kept -> {
                diskFailure = null;
                if (kept) {
                    kick();
                } else {
                    refuse(pending, line, "full");
                }
                return kept;
            })
            .recover(e -> {
                diskFailure = String.valueOf(e.getMessage());
                refuse(pending, line, "not writable: " + e.getMessage());
                return Future.succeededFuture(false);
            });
    }

    private void refuse(Pending pending, String line, String why) {
        refused.increment();
        log.warn("outbox {}: {} refused; this line is all that is left of it: {}", why, pending.describe(), line);
        long now = System.currentTimeMillis();
        if (now - lastFullAlarm >= ALARM_EVERY_MS) {
            lastFullAlarm = now;
            log.error("OUTBOX {} ({}): {} entries waiting for PostgreSQL, {} bytes; {} refused so far. Calls that end and "
                + "callbacks asked for now are LOST (each is logged at WARN) until PostgreSQL is back and the outbox "
                + "drains", file.path(), why, file.depth(), file.bytes(), (long) refused.count());
        }
    }

    /** Starts a drain unless one runs or waits for its retry. */
    private void kick() {
        if (running && draining.compareAndSet(false, true)) {
            pass();
        }
    }

    /** Writes the oldest entries in order, one at a time, until none is left or one fails. */
    private void pass() {
        if (!running) {
            draining.set(false);
            return;
        }
        file.oldest(BATCH).onComplete(read -> {
            if (read.failed()) {
                lastFailure = "outbox not readable: " + read.cause().getMessage();
                log.error("outbox {} not readable: {}", file.path(), read.cause().getMessage());
                retryLater();
            } else if (read.result().isEmpty()) {
                leftoverWritten.tryComplete();
                draining.set(false);
                // An entry appended while this pass found none must not wait for the next one to come.
                if (file.depth() > 0) {
                    kick();
                }
            } else {
                writeInOrder(read.result(), 0);
            }
        });
    }

    private void writeInOrder(List<Line> lines, int next) {
        if (next == lines.size()) {
            pass();
            return;
        }
        Line line = lines.get(next);
        write(line)
            .compose(v -> file.remove(line))
            .onSuccess(v -> {
                if (failedInARow > 0) {
                    log.info("outbox: PostgreSQL takes writes again after {} failed tries; {} entries left",
                        failedInARow, file.depth());
                }
                failedInARow = 0;
                backoffMs = settings.retryFirstMs();
                lastFailure = null;
                writeInOrder(lines, next + 1);
            })
            .onFailure(e -> retryLater());
    }

    /** Succeeds once the entry is written, or will never be; fails when it should be tried again. */
    private Future<Void> write(Line line) {
        Pending pending;
        try {
            pending = Pending.fromJson(new JsonObject(line.text()));
        } catch (RuntimeException e) {
            log.error("outbox: an entry that cannot be read is dropped ({}): {}", e.getMessage(), line.text());
            discarded.increment();
            return Future.succeededFuture();
        }
        Future<?> written = switch (pending) {
            case Pending.EndedCall e -> calls.store(e.call());
            case Pending.Callback c -> callbacks.apply(c.request());
        };
        return written.timeout(settings.writeTimeoutMs(), TimeUnit.MILLISECONDS).<Void>mapEmpty().recover(e -> {
            if (rejected(e)) {
                log.error("outbox: {} dropped, PostgreSQL rejects it ({}): {}", pending.describe(), e.getMessage(),
                    line.text());
                discarded.increment();
                return Future.succeededFuture();
            }
            (pending instanceof Pending.Callback ? callbackFailures : callFailures).increment();
            lastFailure = pending.describe() + ": " + e.getMessage();
            failedInARow++;
            long now = System.currentTimeMillis();
            if (failedInARow == 1 || now - lastDownAlarm >= ALARM_EVERY_MS) {
                lastDownAlarm = now;
                log.warn("outbox: PostgreSQL does not take writes ({}); {} entries wait, tried again in {} ms and on",
                    e.getMessage(), file.depth(), backoffMs);
            }
            return Future.failedFuture(e);
        });
    }

    private void retryLater() {
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, settings.retryMaxMs());
        if (!running) {
            draining.set(false);
            return;
        }
        retryTimer = vertx.setTimer(delay, id -> {
            retryTimer = -1;
            pass();
        });
    }

    /**
     * PostgreSQL turned down this row for what it holds (SQLSTATE classes 22, data, and 23, integrity): trying it
     * again would fail the same way. Anything else (no connection, a timeout, a server shutting down or read-only, a
     * missing table after a bad deployment) may pass later, so it is kept.
     */
    static boolean rejected(Throwable e) {
        if (e instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("22") || state.startsWith("23");
        }
        return false;
    }
}
