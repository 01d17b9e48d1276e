package org.calldesk.platform;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message with its control characters written out as escapes ({@code %escapedMsg} in logback.xml).
 * Messages carry what users and callers typed (a username at login, a caller ID from the PBX); a newline in one
 * would otherwise start a line of its own that reads like calldesk wrote it, and an escape sequence would repaint
 * an operator's terminal. Stack traces are not messages and keep their lines.
 */
public final class EscapedMessage extends ClassicConverter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String convert(ILoggingEvent event) {
        return escape(event.getFormattedMessage());
    }

    public static String escape(String message) {
        if (message == null) {
            return null;
        }
        int first = 0;
        while (first < message.length() && !control(message.charAt(first))) {
            first++;
        }
        if (first == message.length()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16).append(message, 0, first);
        for (int i = first; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (control(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                            .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    // Tab is kept: it cannot start a line. U+2028/2029 are line breaks to some log viewers.
    private static boolean control(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
