package org.calldesk.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every wait of the tests: a condition here, a message in an {@link Inbox}. A wait ends the moment what it waits
 * for has happened and fails naming it when it does not happen in time; no test sleeps to let something
 * happen. To show that something did not happen, count after a later event that must come
 * ({@link Inbox#before}), never after a pause.
 */
public final class Await {

    /**
     * A condition with no event of its own (a row in PostgreSQL, a board figure) is asked again this often; the
     * wait still ends as soon as the answer changes, and a slow machine only makes it take longer. A blocking
     * condition is usually an HTTP or SQL round trip, so it is asked less often, leaving the server the cores.
     */
    private static final long RECHECK_MS = 20;
    private static final long RECHECK_BLOCKING_MS = 50;

    private Await() {}

    /** A condition that may make blocking calls (HTTP, SQL) to answer; asked on the test's own thread. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Blocks the test until the condition holds. */
    public static void until(String what, Duration timeout, Check condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(what, condition)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(RECHECK_BLOCKING_MS); // the re-ask interval of a condition wait, not a wait for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static boolean holds(String what, Check condition) {
        try {
            return condition.holds();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("asking whether " + what + " failed", e);
        }
    }

    /** For tests written as one Vert.x chain: the condition is asked on the event loop, so it must not block. */
    public static Future<Void> until(Vertx vertx, String what, long timeoutMs, BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        if (condition.getAsBoolean()) {
            done.complete();
            return done.future();
        }
        vertx.setPeriodic(RECHECK_MS, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            } else if (System.currentTimeMillis() > deadline) {
                vertx.cancelTimer(id);
                done.tryFail(new AssertionError("timed out waiting for " + what));
            }
        });
        return done.future();
    }

    /** Like {@link #until(Vertx, String, long, BooleanSupplier)} for a condition that needs a query to answer. */
    public static Future<Void> untilAsync(Vertx vertx, String what, long timeoutMs, Supplier<Future<Boolean>> condition) {
        return poll(vertx, what, System.currentTimeMillis() + timeoutMs, condition);
    }

    private static Future<Void> poll(Vertx vertx, String what, long deadline, Supplier<Future<Boolean>> condition) {
        return condition.get().compose(holds -> {
            if (holds) {
                return Future.succeededFuture();
            }
            if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture(new AssertionError("timed out waiting for " + what));
            }
            Promise<Void> again = Promise.promise();
            vertx.setTimer(RECHECK_MS, id -> again.complete());
            return again.future().compose(v -> poll(vertx, what, deadline, condition));
        });
    }
}
