package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;

/**
 * Asterisk's queue_log as calldesk reads it, from a position onwards: the file app_queue appends to, or the
 * realtime table Asterisk fills through res_config_pgsql. Lines come back in the order Asterisk wrote them.
 */
public interface QueueLogSource {

    /** Names the log, e.g. {@code file /var/log/asterisk/queue_log}; the saved position is kept under it. */
    String name();

    /** Where a first read begins: before the first line, or after the last one written so far. */
    Future<Position> start(boolean fromBeginning);

    /** Up to {@code maxLines} lines after {@code from}, and where the next read goes on. */
    Future<Batch> read(Position from, int maxLines);

    /**
     * A place in the log. For a file, {@code offset} is a byte offset in the file that {@code fileId} (device and
     * inode, null where the file system has none) and {@code head} (its first bytes) identify, so that a rotated
     * file is still found. For a table, {@code offset} is the last id read and the other two are null.
     */
    record Position(String fileId, String head, long offset) {}

    /** {@code more}: the read stopped at {@code maxLines}, not at the end of the log. */
    record Batch(List<QueueLogLine> lines, Position next, boolean more, int unreadable) {}

    /** The source {@code settings} name, or null when reconciliation is off. */
    static QueueLogSource of(TelephonyConfig.QueueLog settings, Vertx vertx, Pool pool) {
        return switch (settings.source()) {
            case TelephonyConfig.QueueLog.FILE -> new QueueLogFile(vertx, Path.of(settings.file()));
            case TelephonyConfig.QueueLog.TABLE -> new QueueLogTable(pool, settings.table(), settings.tableTimeZone());
            default -> null;
        };
    }
}
