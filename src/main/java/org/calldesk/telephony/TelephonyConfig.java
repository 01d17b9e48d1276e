package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;

/** The {@code telephony:} section of the configuration, every key with its default. */
public record TelephonyConfig(
    String mode,
    String amiHost, int amiPort, String amiUsername, String amiSecret,
    String agiHost, int agiPort,
    long reconnectMinMs, long reconnectMaxMs,
    long actionTimeoutMs, long pingMs, long agentsRefreshMs) {

    public static TelephonyConfig from(JsonObject root) {
        JsonObject t = section(root, "telephony");
        JsonObject ami = section(t, "ami");
        JsonObject agi = section(t, "agi");
        JsonObject reconnect = section(t, "reconnect");
        return new TelephonyConfig(
            t.getString("mode", "simulator"),
            ami.getString("host", "127.0.0.1"),
            ami.getInteger("port", 5038),
            ami.getString("username", "calldesk"),
            ami.getString("secret", ""),
            agi.getString("host", "127.0.0.1"),
            agi.getInteger("port", 4573),
            reconnect.getLong("min_ms", 1000L),
            reconnect.getLong("max_ms", 30000L),
            ami.getLong("action_timeout_ms", 5000L),
            ami.getLong("ping_ms", 20000L),
            t.getLong("agents_refresh_ms", 60000L));
    }

    /** Without the AMI secret: configurations get logged. */
    @Override
    public String toString() {
        return "TelephonyConfig[mode=" + mode + ", ami=" + amiUsername + "@" + amiHost + ":" + amiPort
            + ", agi=" + agiHost + ":" + agiPort + ", reconnect=" + reconnectMinMs + ".." + reconnectMaxMs + " ms"
            + ", actionTimeout=" + actionTimeoutMs + " ms, ping=" + pingMs
            + " ms, agentsRefresh=" + agentsRefreshMs + " ms]";
    }

    public static TelephonyConfig defaults() {
        return from(new JsonObject());
    }

    private static JsonObject section(JsonObject parent, String key) {
        Object value = parent == null ? null : parent.getValue(key);
        return value instanceof JsonObject json ? json : new JsonObject();
    }
}
