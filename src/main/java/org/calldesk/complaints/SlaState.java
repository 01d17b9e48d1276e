package org.calldesk.complaints;

import java.util.Locale;

public enum SlaState {
    ON_TRACK, AT_RISK, BREACHED, PAUSED, MET;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
