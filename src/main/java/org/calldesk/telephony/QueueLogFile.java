package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue_log file Asterisk appends to ({@code /var/log/asterisk/queue_log}). Reads run on a worker thread.
 *
 * <p>Rotation: Asterisk's own rotation and logrotate rename the file and start a new one, so a position names the
 * file by inode and first bytes; when the file at the path is another one, the rest of the old one is read first
 * from its new name beside it (logrotate must keep it uncompressed until then: {@code delaycompress}). A file
 * shorter than the position was truncated in place (copytruncate) and is read from its start.
 */
public final class QueueLogFile implements QueueLogSource {

    private static final Logger log = LoggerFactory.getLogger(QueueLogFile.class);
    /** Enough of the first line (its time and event) to tell two queue_log files apart. */
    private static final int HEAD_BYTES = 64;
    private static final int CHUNK = 64 * 1024;

    private final Vertx vertx;
    private final Path path;

    public QueueLogFile(Vertx vertx, Path path) {
        this.vertx = vertx;
        this.path = path.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "file " + path;
    }

    @Override
    public Future<Position> start(boolean fromBeginning) {
        return vertx.executeBlocking(() -> startNow(fromBeginning), false);
    }

    @Override
    public Future<Batch> read(Position from, int maxLines) {
        return vertx.executeBlocking(() -> readNow(from, maxLines), false);
    }

    /** Blocking {@link #start}. */
    public Position startNow(boolean fromBeginning) throws IOException {
        if (!Files.exists(path)) {
            return new Position(null, "", 0);
        }
        return fromBeginning ? at(path, 0) : at(path, endOfLastLine(path));
    }

    /** Blocking {@link #read}. */
    public Batch readNow(Position from, int maxLines) throws IOException {
        if (!Files.exists(path)) {
            // Asterisk creates the file with its first line; until then there is nothing to miss.
            return new Batch(List.of(), from, false, 0);
        }
        if (isFile(path, from)) {
            return readLines(path, from.offset(), maxLines);
        }
        Optional<Path> rotated = rotatedAway(from);
        if (rotated.isPresent()) {
            Batch rest = readLines(rotated.get(), from.offset(), maxLines);
            // Once the old file is read to its end, the next read starts on the new one.
            return rest.more() ? rest : new Batch(rest.lines(), at(path, 0), true, rest.unreadable());
        }
        if (from.offset() > 0) {
            log.warn("queue_log {} is not the file read up to byte {} before, and that file is gone (compressed or "
                + "removed); reading the new one from its start, lines written to the old one since are missed",
                path, from.offset());
        }
        return readLines(path, 0, maxLines);
    }

    private Batch readLines(Path file, long offset, int maxLines) throws IOException {
        List<QueueLogLine> lines = new ArrayList<>();
        int unreadable = 0;
        Position here = at(file, offset);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long pos = offset;
            long lineStart = offset;
            reading:
            while (lines.size() < maxLines) {
                chunk.clear();
                if (channel.read(chunk) <= 0) {
                    break;
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    byte b = chunk.get();
                    pos++;
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    Position lineAt = new Position(here.fileId(), here.head(), lineStart);
                    Optional<QueueLogLine> parsed = QueueLogLine.parse(line.toString(StandardCharsets.UTF_8), lineAt);
                    if (parsed.isPresent()) {
                        lines.add(parsed.get());
                    } else {
                        unreadable++;
                    }
                    line.reset();
                    lineStart = pos;
                    if (lines.size() >= maxLines) {
                        break reading;
                    }
                }
            }
            // A line without its newline yet is being written: it is read next time, whole.
            return new Batch(lines, new Position(here.fileId(), here.head(), lineStart), lines.size() >= maxLines,
                unreadable);
        }
    }

    /** True when {@code file} is the one {@code position} was taken in, and still holds everything read. */
    private static boolean isFile(Path file, Position position) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        String id = attrs.fileKey() == null ? null : attrs.fileKey().toString();
        if (position.fileId() != null && id != null && !position.fileId().equals(id)) {
            return false;
        }
        return attrs.size() >= position.offset() && startsWith(file, position.head());
    }

    /** The file {@code position} was taken in, renamed beside the path by a rotation; empty when it is gone. */
    private Optional<Path> rotatedAway(Position position) throws IOException {
        if (position.fileId() == null || position.offset() == 0) {
            return Optional.empty();
        }
        String base = path.getFileName().toString();
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            for (Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(base) && !p.equals(path))
                    .filter(Files::isRegularFile).toList()) {
                if (isFile(sibling, position)) {
                    return Optional.of(sibling);
                }
            }
        }
        return Optional.empty();
    }

    private static Position at(Path file, long offset) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        return new Position(attrs.fileKey() == null ? null : attrs.fileKey().toString(), head(file), offset);
    }

    /**
     * The file's first bytes; fewer while the file is shorter. Only ever compared as a prefix, so the head of a file
     * that has grown since still matches.
     */
    private static String head(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(HEAD_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill what the file has
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean startsWith(Path file, String head) throws IOException {
        if (head == null || head.isEmpty()) {
            return true;
        }
        return head(file).startsWith(head);
    }

    /** The offset just after the last complete line. */
    private static long endOfLastLine(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (end > 0) {
                long from = Math.max(0, end - CHUNK);
                buffer.clear();
                buffer.limit((int) (end - from));
                channel.read(buffer, from);
                for (int i = buffer.position() - 1; i >= 0; i--) {
                    if (buffer.get(i) == '\n') {
                        return from + i + 1;
                    }
                }
                end = from;
            }
            return 0;
        }
    }
}
