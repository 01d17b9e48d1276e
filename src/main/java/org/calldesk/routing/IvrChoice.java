package org.calldesk.routing;

import java.util.Locale;

/** What the caller pressed in the hotline menu; anything unrecognised (or nothing) is {@code UNKNOWN}. */
public enum IvrChoice {
    SERVICE, COMPLAINT, STATUS, UNKNOWN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IvrChoice parse(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        String code = text.trim().toLowerCase(Locale.ROOT);
        for (IvrChoice choice : values()) {
            if (choice.code().equals(code)) {
                return choice;
            }
        }
        return UNKNOWN;
    }
}
