package org.calldesk.testing;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Messages from one channel (an event-bus address, a WebSocket, an AMI connection), kept in the order they
 * arrived. Waits on it are woken by each arrival. To show that a message did not come, {@link #before} puts a
 * marker through the same channel: whatever was sent ahead of the marker has arrived once the marker has.
 */
public final class Inbox<T> implements AutoCloseable {

    private final List<T> received = new ArrayList<>();
    private int taken;
    private Runnable onClose = () -> { };

    /** Everything published on the address from now until {@link #close()}. */
    public static Inbox<JsonObject> onEventBus(Vertx vertx, String address) {
        Inbox<JsonObject> inbox = new Inbox<>();
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, message -> inbox.add(message.body()));
        try {
            // registered everywhere before the test acts, or its first messages could go past
            consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not listen on " + address, e);
        }
        inbox.onClose = consumer::unregister;
        return inbox;
    }

    /** Called from any thread, in arrival order. */
    public synchronized void add(T message) {
        received.add(message);
        notifyAll();
    }

    public synchronized List<T> all() {
        return new ArrayList<>(received);
    }

    public synchronized long count(Predicate<? super T> match) {
        return received.stream().filter(match).count();
    }

    /** The first message ever received that matches, waiting for it if it has not come yet. */
    public T first(String what, Duration timeout, Predicate<? super T> match) {
        return nth(1, what, timeout, match);
    }

    /** The n-th message (counting from 1) ever received that matches, waiting for it if it has not come yet. */
    public synchronized T nth(int n, String what, Duration timeout, Predicate<? super T> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int matched = 0;
        for (int seen = 0; ; ) {
            for (; seen < received.size(); seen++) {
                if (match.test(received.get(seen)) && ++matched == n) {
                    return received.get(seen);
                }
            }
            if (!waitFor(deadline)) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; "
                    + received.size() + " received, last: " + (received.isEmpty() ? "none" : received.getLast()));
            }
        }
    }

    /**
     * The next message not yet taken by this method that matches; those before it that do not match are taken
     * too. Null when none came in time.
     */
    public synchronized T next(Duration timeout, Predicate<? super T> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (; taken < received.size(); taken++) {
                if (match.test(received.get(taken))) {
                    return received.get(taken++);
                }
            }
            if (!waitFor(deadline)) {
                return null;
            }
        }
    }

    /**
     * What arrived ahead of {@code marker}, which {@code send} puts through the same channel after everything the
     * test is asking about; the marker must be equal to itself as it arrives.
     */
    public List<T> before(T marker, Consumer<? super T> send, Duration timeout) {
        send.accept(marker);
        T arrived = first("the marker " + marker, timeout, marker::equals);
        synchronized (this) {
            return new ArrayList<>(received.subList(0, received.indexOf(arrived)));
        }
    }

    /** Waits for the next arrival; false once the deadline has passed. */
    private boolean waitFor(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }

    @Override
    public void close() {
        onClose.run();
    }
}
