package org.calldesk.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What waits to be written to one browser's socket. Vert.x queues every write without limit, so a browser that stops
 * reading (a frozen tab, a link gone dead without a reset) would hold everything sent to it until the heap is gone.
 * Frames go straight to the socket while it takes them; once its write queue is full they wait here, where a board
 * notice replaces the one of its kind still waiting (a board reloads on any notice, so only the newest counts), and a
 * socket whose backlog passes the bound is closed with 1013 "try again later": the browser reconnects and reloads its
 * state, which is cheaper than catching up frame by frame. Used only on the socket's own event loop.
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** RFC 6455 "Try Again Later": the server cannot serve this connection now; reconnecting later will work. */
    static final short TOO_FAR_BEHIND = 1013;

    /** Meters over all sockets of a server. Backlogs are counted in characters, which is bytes for JSON's ASCII. */
    record Meters(AtomicLong backlog, Counter superseded, Counter closedBehind, DistributionSummary peak) {

        static Meters register(MeterRegistry registry) {
            AtomicLong backlog = new AtomicLong();
            Gauge.builder("calldesk.websocket.backlog", backlog, AtomicLong::get).baseUnit("bytes")
                    .description("Frames waiting for browsers' sockets that were not taking them, all sockets together")
                    .register(registry);
            return new Meters(backlog,
                    Counter.builder("calldesk.websocket.superseded")
                            .description("Board notices dropped because a newer one replaced them while waiting").register(registry),
                    Counter.builder("calldesk.websocket.closed.behind")
                            .description("Browser sockets closed because too much waited for them").register(registry),
                    DistributionSummary.builder("calldesk.websocket.backlog.peak").baseUnit("bytes")
                            .description("The largest backlog each browser socket had, recorded when it closed").register(registry));
        }
    }

    private static final class Frame {
        private final String kind;
        private String text;

        Frame(String kind, String text) {
            this.kind = kind;
            this.text = text;
        }
    }

    private final ServerWebSocket ws;
    private final long maxBacklog;
    private final Meters meters;
    private final String who;
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    private final Map<String, Frame> waitingByKind = new HashMap<>();
    private long backlog;
    private long peak;
    private boolean closing;

    /** @param who the socket's user, for the log */
    Outbox(ServerWebSocket ws, long maxBacklog, Meters meters, String who) {
        this.ws = ws;
        this.maxBacklog = maxBacklog;
        this.meters = meters;
        this.who = who;
        ws.drainHandler(v -> drain());
    }

    /**
     * Writes a frame, or keeps it until the socket takes more.
     *
     * @param kind frames of the same kind replace each other while they wait; null for a frame that must arrive
     */
    void send(String text, String kind) {
        if (closing || ws.isClosed()) {
            return;
        }
        if (waiting.isEmpty() && !ws.writeQueueFull()) {
            ws.writeTextMessage(text);
            return;
        }
        Frame older = kind == null ? null : waitingByKind.get(kind);
        if (older != null) {
            grow(text.length() - older.text.length());
            older.text = text;
            meters.superseded().increment();
            return;
        }
        Frame frame = new Frame(kind, text);
        waiting.add(frame);
        if (kind != null) {
            waitingByKind.put(kind, frame);
        }
        grow(text.length());
        if (backlog > maxBacklog) {
            closeBehind();
        }
    }

    /** The socket closed, for whatever reason: what waited for it goes, and its peak is recorded. */
    void closed() {
        meters.peak().record(peak);
        discard();
    }

    private void drain() {
        while (!waiting.isEmpty() && !ws.writeQueueFull()) {
            Frame frame = waiting.poll();
            if (frame.kind != null) {
                waitingByKind.remove(frame.kind);
            }
            grow(-frame.text.length());
            ws.writeTextMessage(frame.text);
        }
    }

    private void grow(long by) {
        backlog += by;
        peak = Math.max(peak, backlog);
        meters.backlog().addAndGet(by);
    }

    private void closeBehind() {
        closing = true;
        String reason = "too far behind: " + waiting.size() + " frames (" + backlog / 1024 + " KB) unread; reconnect";
        log.info("WebSocket of {} closed: {}", who, reason);
        meters.closedBehind().increment();
        discard();
        ws.close(TOO_FAR_BEHIND, reason);
    }

    private void discard() {
        meters.backlog().addAndGet(-backlog);
        backlog = 0;
        waiting.clear();
        waitingByKind.clear();
    }
}
