package org.calldesk.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's file: one line of text per entry, oldest first. An append is on disk (fsync'd) before it completes,
 * so an entry survives a crash the moment it is accepted. Entries taken out leave the file only when it is empty
 * (it is then cut to nothing) or when they fill most of it (the rest is copied to a new file that replaces it);
 * after a crash the entries taken out since are read again, which is harmless as every write they stand for is
 * idempotent.
 *
 * <p>All file access runs on one worker thread of its own, in the order asked: the event loop never waits on the
 * disk, and no two tasks touch the file at once.
 */
final class OutboxFile {

    private static final Logger log = LoggerFactory.getLogger(OutboxFile.class);
    private static final byte NEWLINE = '\n';
    private static final int READ_CHUNK = 64 * 1024;
    /** Entries taken out are copied away only past this size, so a steady trickle does not rewrite the file each time. */
    private static final long COMPACT_AFTER_BYTES = 1024 * 1024;

    /** One line read back: its text and its length in the file, newline included. */
    record Line(String text, int bytes) {}

    private final Path file;
    private final int maxEntries;
    private final long maxBytes;
    private final long compactAfterBytes;
    private final WorkerExecutor worker;
    // Touched on the worker thread only.
    private FileChannel channel;
    private long head;
    private boolean closed;
    // Written on the worker thread, read from anywhere (gauges, health, the write path's "anything waiting?").
    private volatile long size;
    private volatile int depth;
    private volatile boolean full;

    OutboxFile(Vertx vertx, Path dir, int maxEntries, long maxBytes) {
        this(vertx, dir, maxEntries, maxBytes, COMPACT_AFTER_BYTES);
    }

    OutboxFile(Vertx vertx, Path dir, int maxEntries, long maxBytes, long compactAfterBytes) {
        this.file = dir.resolve("outbox.jsonl");
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.compactAfterBytes = compactAfterBytes;
        this.worker = vertx.createSharedWorkerExecutor("calldesk-outbox", 1);
    }

    Path path() {
        return file;
    }

    /** Entries waiting; as of the last task done. */
    int depth() {
        return depth;
    }

    long bytes() {
        return size;
    }

    /** The last append was refused because the file is at its bound, and no room was made since. */
    boolean full() {
        return full;
    }

    /** Reads what a previous run left; the other calls do it too if this one was not asked first. */
    Future<Integer> open() {
        return onWorker(() -> {
            ensureOpen();
            return depth;
        });
    }

    /** True once the line is on disk; false, with nothing written, when the file is at its bound. */
    Future<Boolean> append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return onWorker(() -> {
            ensureOpen();
            if (depth >= maxEntries || size + bytes.length > maxBytes) {
                full = true;
                return false;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = size;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
            size = at;
            depth++;
            full = false;
            return true;
        });
    }

    /** Up to {@code max} of the oldest entries not taken out yet, oldest first. */
    Future<List<Line>> oldest(int max) {
        return onWorker(() -> {
            ensureOpen();
            List<Line> lines = new ArrayList<>();
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            long at = head;
            while (lines.size() < max && at < size) {
                chunk.clear();
                chunk.limit((int) Math.min(READ_CHUNK, size - at));
                int read = channel.read(chunk, at);
                if (read <= 0) {
                    break;
                }
                at += read;
                byte[] bytes = chunk.array();
                int start = 0;
                for (int i = 0; i < read && lines.size() < max; i++) {
                    if (bytes[i] == NEWLINE) {
                        current.write(bytes, start, i - start);
                        lines.add(new Line(current.toString(StandardCharsets.UTF_8), current.size() + 1));
                        current.reset();
                        start = i + 1;
                    }
                }
                if (lines.size() < max) {
                    current.write(bytes, start, read - start);
                }
            }
            return lines;
        });
    }

    /** Takes out the oldest entry, {@code line} as {@link #oldest} gave it. */
    Future<Void> remove(Line line) {
        return onWorker(() -> {
            ensureOpen();
            head += line.bytes();
            depth--;
            full = false;
            if (depth == 0) {
                channel.truncate(0);
                channel.force(true);
                head = 0;
                size = 0;
            } else if (head > compactAfterBytes && head * 2 > size) {
                compact();
            }
            return null;
        });
    }

    Future<Void> close() {
        return onWorker(() -> {
            closed = true;
            if (channel != null) {
                channel.close();
                channel = null;
            }
            return (Void) null;
        }).eventually(worker::close);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("outbox " + file + " is closed");
        }
        if (channel != null) {
            return;
        }
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        int lines = 0;
        long lastNewline = -1;
        ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
        for (long at = 0; at < length; ) {
            chunk.clear();
            int read = channel.read(chunk, at);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (chunk.get(i) == NEWLINE) {
                    lines++;
                    lastNewline = at + i;
                }
            }
            at += read;
        }
        if (lastNewline + 1 < length) {
            // An append cut short by a crash: it never completed, so nobody was told it was kept.
            log.warn("outbox {}: {} bytes of an unfinished entry at its end dropped", file, length - lastNewline - 1);
            channel.truncate(lastNewline + 1);
            channel.force(true);
        }
        head = 0;
        size = lastNewline + 1;
        depth = lines;
        if (lines > 0) {
            log.info("outbox {}: {} entries left by the last run, to be written as soon as PostgreSQL takes them",
                file, lines);
        }
    }

    /** Keeps only the entries not taken out, in a new file that replaces the old one whole. */
    private void compact() throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel copy = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = size - head;
            for (long done = 0; done < left; ) {
                done += channel.transferTo(head + done, left - done, copy);
            }
            copy.force(true);
        }
        channel.close();
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        size -= head;
        head = 0;
    }

    private <T> Future<T> onWorker(Callable<T> task) {
        try {
            return worker.executeBlocking(task, true);
        } catch (RuntimeException closed) {
            return Future.failedFuture(closed);
        }
    }
}
