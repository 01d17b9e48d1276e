package org.calldesk.telephony;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One line of Asterisk's queue_log: {@code time|callid|queuename|agent|event|data1|data2|...}, as
 * {@code ast_queue_log} writes it. {@code callid} is the caller channel's Uniqueid (not its Linkedid), {@code agent}
 * the member name, and the data fields depend on the event.
 *
 * @param at where a read that must see this line again starts
 */
public record QueueLogLine(QueueLogSource.Position at, Instant time, String callid, String queue, String agent,
                           String event, List<String> data) {

    /** What app_queue writes as the callid of lines that are about no caller (members, reloads, the CLI). */
    private static final Set<String> NO_CALLER = Set.of("", "NONE", "MANAGER", "REALTIME", "CLI");

    /** A line of the file, or empty when it is not one (a torn or foreign line). */
    public static Optional<QueueLogLine> parse(String text, QueueLogSource.Position at) {
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        String[] fields = line.split("\\|", -1);
        if (fields.length < 5 || fields[4].isEmpty()) {
            return Optional.empty();
        }
        long epochSecond;
        try {
            epochSecond = Long.parseLong(fields[0].trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        List<String> data = fields.length > 5 ? List.of(Arrays.copyOfRange(fields, 5, fields.length)) : List.of();
        return Optional.of(new QueueLogLine(at, Instant.ofEpochSecond(epochSecond), fields[1], fields[2], fields[3],
            fields[4], data));
    }

    /**
     * The realtime table splits the data over {@code data1}..{@code data5}, the last taking whatever did not fit
     * (pipes included): joined and split again they read as the file's fields.
     */
    public static List<String> dataOfColumns(String... columns) {
        int last = columns.length;
        while (last > 0 && (columns[last - 1] == null || columns[last - 1].isEmpty())) {
            last--;
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < last; i++) {
            if (i > 0) {
                joined.append('|');
            }
            joined.append(columns[i] == null ? "" : columns[i]);
        }
        return last == 0 ? List.of() : List.of(joined.toString().split("\\|", -1));
    }

    /** True for lines about a caller in a queue; false for member, reload and start-up lines. */
    public boolean aboutCaller() {
        return !NO_CALLER.contains(callid);
    }

    /** The i-th data field (from 0), empty when the line has fewer. */
    public String data(int i) {
        return i >= 0 && i < data.size() ? data.get(i) : "";
    }

    /** The i-th data field as a whole number (seconds, positions), 0 when absent or not a number. */
    public long number(int i) {
        try {
            return Long.parseLong(data(i).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** As {@link #number}, counted from the last field (1 = last): transfers put their times at the end. */
    public long numberFromEnd(int k) {
        return number(data.size() - k);
    }
}
