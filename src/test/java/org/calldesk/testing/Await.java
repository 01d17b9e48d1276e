package org.calldesk.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition on the event loop; fails with {@code what} when it does not hold in time. */
public final class Await {

    private Await() {}

    public static Future<Void> until(Vertx vertx, String what, long timeoutMs, BooleanSupplier condition) {
        Promise<Void> done = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        vertx.setPeriodic(20, id -> {
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

    /** Like {@link #until} for a condition that needs a query: asks again 20 ms after each answer. */
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
            return sleep(vertx, 20).compose(v -> poll(vertx, what, deadline, condition));
        });
    }

    public static Future<Void> sleep(Vertx vertx, long ms) {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(ms, id -> done.complete());
        return done.future();
    }
}
