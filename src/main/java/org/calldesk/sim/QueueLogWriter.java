package org.calldesk.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * app_queue's queue_log, written as Asterisk's {@code ast_queue_log} writes the file:
 * {@code time|callid|queuename|agent|event|data...}, one line per event, the callid being the Uniqueid of the
 * caller's channel in the queue and the agent the member's name.
 *
 * <p>Each line is appended and the file closed again, in the simulator's thread: a reader that has seen the AMI
 * event finds the line already there (Asterisk flushes each line too), and a file renamed away by a rotation is
 * followed by a new one at once. With no file configured nothing is written.
 */
final class QueueLogWriter {

    private static final Logger log = LoggerFactory.getLogger(QueueLogWriter.class);

    private final Path file;
    private final LongSupplier epochSeconds;

    QueueLogWriter(String file, LongSupplier epochSeconds) {
        this.file = file == null || file.isBlank() ? null : Path.of(file);
        this.epochSeconds = epochSeconds;
    }

    /** {@code url|callerid|position}: no URL is ever passed to Queue() by the hotline. */
    void enterQueue(Call call, int position) {
        write(call, "NONE", "ENTERQUEUE", "", call.from, position);
    }

    /** {@code ringtime} in milliseconds. */
    void ringNoAnswer(Call call, Ring ring, long ringMs) {
        write(call, ring.member.name, "RINGNOANSWER", ringMs);
    }

    /** {@code holdtime|bridged channel's uniqueid|ringtime}, in seconds. */
    void connect(Call call, Ring ring, long holdS, long ringS) {
        write(call, ring.member.name, "CONNECT", holdS, ring.one.uniqueid, ringS);
    }

    /** {@code holdtime|calltime|original position}; COMPLETECALLER when the caller hung up first. */
    void complete(Call call, Ring ring, long holdS, long talkS, String reason) {
        write(call, ring.member.name, "caller".equals(reason) ? "COMPLETECALLER" : "COMPLETEAGENT", holdS, talkS,
            call.originalPosition);
    }

    /** {@code position|original position|waittime}. */
    void abandon(Call call, int position, long holdS) {
        write(call, "NONE", "ABANDON", position, call.originalPosition, holdS);
    }

    private void write(Call call, String agent, String event, Object... data) {
        if (file == null) {
            return;
        }
        StringBuilder line = new StringBuilder().append(epochSeconds.getAsLong()).append('|').append(call.leg.uniqueid)
            .append('|').append(call.queue.name()).append('|').append(agent).append('|').append(event);
        for (Object field : data) {
            line.append('|').append(field);
        }
        line.append('\n');
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("queue_log {} not written ({}): {}", file, e.getMessage(), line.toString().trim());
        }
    }
}
