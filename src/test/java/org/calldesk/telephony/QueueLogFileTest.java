package org.calldesk.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.calldesk.telephony.QueueLogSource.Batch;
import org.calldesk.telephony.QueueLogSource.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The file as Asterisk's logger writes and rotates it; read with the blocking calls the worker makes. */
@ExtendWith(VertxExtension.class)
class QueueLogFileTest {

    @TempDir
    Path dir;
    private Path path;
    private QueueLogFile file;

    @BeforeEach
    void setUp(Vertx vertx) {
        path = dir.resolve("queue_log");
        file = new QueueLogFile(vertx, path);
    }

    private void append(Path to, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.writeString(to, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String line(int n) {
        return (1795339970L + n) + "|U." + n + "|support|NONE|ENTERQUEUE||555010" + n + "|1";
    }

    private static List<String> callids(Batch batch) {
        return batch.lines().stream().map(QueueLogLine::callid).toList();
    }

    @Test
    @DisplayName("reads in batches from a position, and a line still being written waits for its newline")
    void batchesAndTornLine() throws IOException {
        append(path, line(1), line(2), line(3));
        Files.writeString(path, "1795339974|U.4|supp", StandardOpenOption.APPEND);

        Batch first = file.readNow(file.startNow(true), 2);
        assertEquals(List.of("U.1", "U.2"), callids(first));
        assertTrue(first.more());
        Batch second = file.readNow(first.next(), 2);
        assertEquals(List.of("U.3"), callids(second));
        assertFalse(second.more());

        Files.writeString(path, "ort|NONE|ENTERQUEUE||5550104|1\n", StandardOpenOption.APPEND);
        Batch third = file.readNow(second.next(), 10);
        assertEquals(List.of("U.4"), callids(third));
        assertEquals(Files.size(path), third.next().offset());
        assertEquals(0, third.unreadable());
    }

    @Test
    @DisplayName("a first read that starts at the end skips what is logged already")
    void startAtEnd() throws IOException {
        append(path, line(1), line(2));
        Position end = file.startNow(false);
        append(path, line(3));
        assertEquals(List.of("U.3"), callids(file.readNow(end, 10)));
    }

    @Test
    @DisplayName("after a rotation the rest of the renamed file is read first, then the new file from its start")
    void rotation() throws IOException {
        append(path, line(1), line(2));
        Position read = file.readNow(file.startNow(true), 10).next();
        // Asterisk goes on writing to the file it has open until it reopens the path.
        append(path, line(3));
        Path rotated = dir.resolve("queue_log.1");
        Files.move(path, rotated);
        append(rotated, line(4));
        append(path, line(5), line(6));

        Batch rest = file.readNow(read, 10);
        assertEquals(List.of("U.3", "U.4"), callids(rest));
        assertTrue(rest.more(), "the new file is still to read");
        Batch fresh = file.readNow(rest.next(), 10);
        assertEquals(List.of("U.5", "U.6"), callids(fresh));
        assertEquals(Files.size(path), fresh.next().offset());
    }

    @Test
    @DisplayName("a position taken in a line of the rotated file still finds that file")
    void heldPositionInRotatedFile() throws IOException {
        append(path, line(1), line(2));
        Position atSecond = file.readNow(file.startNow(true), 10).lines().get(1).at();
        Files.move(path, dir.resolve("queue_log.0"));
        append(path, line(3));

        Batch again = file.readNow(atSecond, 10);
        assertEquals(List.of("U.2"), callids(again));
        assertEquals(List.of("U.3"), callids(file.readNow(again.next(), 10)));
    }

    @Test
    @DisplayName("a file truncated in place (copytruncate), or replaced while the old one is gone, is read from its start")
    void truncatedOrReplaced() throws IOException {
        append(path, line(1), line(2), line(3));
        Position read = file.readNow(file.startNow(true), 10).next();
        Files.writeString(path, line(7) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(List.of("U.7"), callids(file.readNow(read, 10)));

        Position again = file.readNow(file.startNow(true), 10).next();
        Files.delete(path);
        append(path, line(8), line(9), line(5), line(6));
        assertEquals(List.of("U.8", "U.9", "U.5", "U.6"), callids(file.readNow(again, 10)),
            "a new, longer file with another first line is not read from the old offset");
    }

    @Test
    @DisplayName("no file yet is nothing to read; foreign lines are counted and skipped")
    void missingAndForeign() throws IOException {
        Position start = file.startNow(true);
        assertTrue(file.readNow(start, 10).lines().isEmpty());

        append(path, line(1), "garbage", line(2));
        Batch batch = file.readNow(start, 10);
        assertEquals(List.of("U.1", "U.2"), callids(batch));
        assertEquals(1, batch.unreadable());
    }
}
