package org.calldesk.complaints;

import java.util.Locale;

public enum Severity {
    CRITICAL, HIGH, NORMAL, LOW;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        if (text != null) {
            for (Severity severity : values()) {
                if (severity.code().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return severity;
                }
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "'; use critical, high, normal or low");
    }
}
