package org.calldesk.sim;

/** A simulated Asterisk channel: the snapshot fields every channel event carries. */
final class Chan {
    static final int DOWN = 0;
    static final int RING = 4;
    static final int RINGING = 5;
    static final int UP = 6;

    final String name;
    final String uniqueid;
    final String linkedid;
    final long createdMs;
    int state;
    String cidNum = "<unknown>";
    String cidName = "<unknown>";
    String connNum = "<unknown>";
    String connName = "<unknown>";
    String context;
    String exten;
    int priority = 1;
    String application = "";
    String appData = "";
    String bridgeId = "";

    Chan(String name, String uniqueid, String linkedid, int state, String context, String exten, long createdMs) {
        this.name = name;
        this.uniqueid = uniqueid;
        this.linkedid = linkedid;
        this.state = state;
        this.context = context;
        this.exten = exten;
        this.createdMs = createdMs;
    }

    static String stateDesc(int state) {
        return switch (state) {
            case DOWN -> "Down";
            case RING -> "Ring";
            case RINGING -> "Ringing";
            case UP -> "Up";
            default -> "Unknown";
        };
    }

    void callerId(String num, String name) {
        cidNum = num;
        cidName = name;
    }

    void connected(String num, String name) {
        connNum = num;
        connName = name;
    }

    void appendTo(StringBuilder sb, String p) {
        line(sb, p, "Channel", name);
        line(sb, p, "ChannelState", Integer.toString(state));
        line(sb, p, "ChannelStateDesc", stateDesc(state));
        line(sb, p, "CallerIDNum", cidNum);
        line(sb, p, "CallerIDName", cidName);
        line(sb, p, "ConnectedLineNum", connNum);
        line(sb, p, "ConnectedLineName", connName);
        line(sb, p, "Language", "en");
        line(sb, p, "AccountCode", "");
        line(sb, p, "Context", context);
        line(sb, p, "Exten", exten);
        line(sb, p, "Priority", Integer.toString(priority));
        line(sb, p, "Uniqueid", uniqueid);
        line(sb, p, "Linkedid", linkedid);
    }

    private static void line(StringBuilder sb, String prefix, String key, String value) {
        sb.append(prefix).append(key).append(": ").append(value).append("\r\n");
    }
}
