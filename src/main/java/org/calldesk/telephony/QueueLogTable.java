package org.calldesk.telephony;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realtime {@code queue_log} table Asterisk writes through res_config_pgsql (extconfig.conf
 * {@code queue_log => pgsql,...}), in calldesk's own PostgreSQL. Columns as Asterisk's ast-db-manage creates them:
 * {@code id} (bigserial), {@code time}, {@code callid}, {@code queuename}, {@code agent}, {@code event},
 * {@code data1}..{@code data5}. Read in id order: res_config_pgsql inserts over one connection, one row at a time,
 * so ids commit in the order the lines were logged.
 */
public final class QueueLogTable implements QueueLogSource {

    private static final Logger log = LoggerFactory.getLogger(QueueLogTable.class);
    /** What a realtime backend that made the columns text ({@code requirements=createchar}) writes: "%F %T.%6q". */
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final Pool pool;
    private final String table;
    private final ZoneId zone;
    private final String linesAfter;
    private final String lastId;

    /**
     * @param table a table name, optionally schema-qualified, already checked to be a plain identifier
     * @param zone  the zone Asterisk wrote {@code time} in: its local zone, or UTC with
     *              {@code queue_log_realtime_use_gmt = yes} in logger.conf
     */
    public QueueLogTable(Pool pool, String table, ZoneId zone) {
        this.pool = pool;
        this.table = table;
        this.zone = zone;
        this.linesAfter = """
            SELECT id, time, callid, queuename, agent, event, data1, data2, data3, data4, data5
              FROM %s
             WHERE id > $1
             ORDER BY id
             LIMIT $2
            """.formatted(table);
        this.lastId = "SELECT coalesce(max(id), 0) AS id FROM %s".formatted(table);
    }

    @Override
    public String name() {
        return "table " + table;
    }

    @Override
    public Future<Position> start(boolean fromBeginning) {
        return fromBeginning ? Future.succeededFuture(new Position(null, null, 0)) : lastId().map(id -> new Position(null, null, id));
    }

    @Override
    public Future<Batch> read(Position from, int maxLines) {
        return pool.preparedQuery(linesAfter).execute(Tuple.of(from.offset(), maxLines)).compose(rows -> {
            if (rows.size() > 0 || from.offset() == 0) {
                List<QueueLogLine> lines = new ArrayList<>();
                int unreadable = 0;
                long last = from.offset();
                for (Row row : rows) {
                    last = row.getLong("id");
                    Optional<QueueLogLine> line = line(row);
                    if (line.isPresent()) {
                        lines.add(line.get());
                    } else {
                        unreadable++;
                    }
                }
                return Future.succeededFuture(new Batch(lines, new Position(null, null, last), rows.size() >= maxLines,
                    unreadable));
            }
            return lastId().map(id -> {
                if (id >= from.offset()) {
                    return new Batch(List.of(), from, false, 0);
                }
                // The table was emptied or made anew: its ids start again below where we were.
                log.warn("queue_log {} ends at id {}, before id {} read last time; reading it from the start", table, id,
                    from.offset());
                return new Batch(List.of(), new Position(null, null, 0), true, 0);
            });
        });
    }

    private Future<Long> lastId() {
        return pool.query(lastId).execute().map(rows -> rows.iterator().next().getLong("id"));
    }

    private Optional<QueueLogLine> line(Row row) {
        Instant time = time(row.getValue("time"));
        String event = row.getString("event");
        if (time == null || event == null || event.isEmpty()) {
            return Optional.empty();
        }
        Position at = new Position(null, null, row.getLong("id") - 1);
        return Optional.of(new QueueLogLine(at, time, text(row, "callid"), text(row, "queuename"), text(row, "agent"),
            event.trim(), QueueLogLine.dataOfColumns(text(row, "data1"), text(row, "data2"), text(row, "data3"),
                text(row, "data4"), text(row, "data5"))));
    }

    private Instant time(Object value) {
        return switch (value) {
            case LocalDateTime local -> local.atZone(zone).toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case String text -> {
                try {
                    yield LocalDateTime.parse(text.trim(), TEXT_TIME).atZone(zone).toInstant();
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
            case null, default -> null;
        };
    }

    /** Trimmed: a backend that created the columns as {@code char(n)} pads them. */
    private static String text(Row row, String column) {
        String value = row.getString(column);
        return value == null ? "" : value.trim();
    }
}
