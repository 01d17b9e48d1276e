package org.calldesk.sim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The [calldesk] user's eventfilter lines of telephony/asterisk/manager.conf, and what they let through. */
final class ShippedManagerConf {
    static final Path FILE = Path.of("telephony/asterisk/manager.conf");

    private ShippedManagerConf() {}

    /** Each {@code eventfilter... = ...} line of [calldesk], in file order, read as Asterisk reads it. */
    static List<AmiEventFilter> calldeskFilters() throws Exception {
        List<AmiEventFilter> out = new ArrayList<>();
        boolean inside = false;
        for (String raw : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            String line = raw.replaceAll(";.*", "").trim();
            if (line.startsWith("[")) {
                inside = line.startsWith("[calldesk]");
            } else if (inside && line.startsWith("eventfilter") && line.contains("=")) {
                int eq = line.indexOf('=');
                out.add(AmiEventFilter.parse(line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    /**
     * Frames of a capture as the [calldesk] user would have been sent them with its eventfilter lines: broadcast events
     * (those with a Privilege line) through the filters, replies and list items untouched.
     */
    static List<Map<String, String>> filtered(List<Map<String, String>> frames) throws Exception {
        List<AmiEventFilter> filters = calldeskFilters();
        return frames.stream().filter(f -> !f.containsKey("Privilege")
            || AmiEventFilter.shouldSend(filters, f.get("Event"), () -> text(f))).toList();
    }

    /**
     * A capture's bytes (banner first) as the [calldesk] user would have read them with its eventfilter lines: every
     * broadcast event the filters drop is cut out, byte for byte; everything else stays as it was.
     */
    static byte[] filteredCapture(byte[] capture) throws Exception {
        List<AmiEventFilter> filters = calldeskFilters();
        String text = new String(capture, StandardCharsets.ISO_8859_1);
        int bannerEnd = text.indexOf('\n') + 1;
        StringBuilder out = new StringBuilder(text.substring(0, bannerEnd));
        int at = bannerEnd;
        while (at < text.length()) {
            int end = text.indexOf("\r\n\r\n", at);
            end = end < 0 ? text.length() : end + 4;
            String frame = text.substring(at, end);
            String event = header(frame, "Event");
            if (event == null || header(frame, "Privilege") == null
                    || AmiEventFilter.shouldSend(filters, event, () -> frame)) {
                out.append(frame);
            }
            at = end;
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String header(String frame, String name) {
        for (String line : frame.split("\r\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return null;
    }

    /** A parsed frame written back as AMI writes it. */
    static String text(Map<String, String> frame) {
        return frame.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue() + "\r\n")
            .collect(Collectors.joining("", "", "\r\n"));
    }
}
