package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;
import org.calldesk.platform.ConfigSection;

/**
 * The {@code telephony:} section of the configuration as calldesk's side of the phone link reads it. The queues
 * are the board's to read, and {@code telephony.sim} the simulator's.
 */
public record TelephonyConfig(
    String mode,
    String amiHost, int amiPort, String amiUsername, String amiSecret,
    String agiHost, int agiPort,
    long reconnectMinMs, long reconnectMaxMs,
    long actionTimeoutMs, long pingMs, long agentsRefreshMs,
    Originate originate) {

    /**
     * Click-to-call: the dialplan context, the caller ID customers see (empty: the dialplan's), how long the agent's
     * phone rings, and how much longer Asterisk's OriginateResponse is waited for before the attempt counts as lost.
     */
    public record Originate(String context, String callerId, long ringTimeoutMs, long responseGraceMs) {}

    public static TelephonyConfig from(JsonObject config) {
        return from(ConfigSection.root(config));
    }

    public static TelephonyConfig from(ConfigSection root) {
        ConfigSection t = root.section("telephony");
        ConfigSection ami = t.section("ami");
        ConfigSection agi = t.section("agi");
        ConfigSection reconnect = t.section("reconnect");
        ConfigSection originate = t.section("originate");
        return new TelephonyConfig(
            t.string("mode"),
            ami.string("host"),
            ami.nonNegativeInt("port"),
            ami.string("username"),
            ami.stringOrEmpty("secret"),
            agi.string("host"),
            agi.nonNegativeInt("port"),
            reconnect.positiveInt("min_ms"),
            reconnect.positiveInt("max_ms"),
            ami.positiveInt("action_timeout_ms"),
            ami.nonNegativeInt("ping_ms"),
            t.nonNegativeInt("agents_refresh_ms"),
            new Originate(originate.string("context"), originate.stringOrEmpty("caller_id"),
                originate.positiveInt("ring_timeout_ms"), originate.positiveInt("response_grace_ms")));
    }

    public boolean simulator() {
        return "simulator".equals(mode);
    }

    /** The same settings with the AMI link pointed elsewhere: at the built-in simulator, once it listens. */
    public TelephonyConfig withAmi(String host, int port) {
        return new TelephonyConfig(mode, host, port, amiUsername, amiSecret, agiHost, agiPort, reconnectMinMs,
            reconnectMaxMs, actionTimeoutMs, pingMs, agentsRefreshMs, originate);
    }

    /** Without the AMI secret: configurations get logged. */
    @Override
    public String toString() {
        return "TelephonyConfig[mode=" + mode + ", ami=" + amiUsername + "@" + amiHost + ":" + amiPort
            + ", agi=" + agiHost + ":" + agiPort + ", reconnect=" + reconnectMinMs + ".." + reconnectMaxMs + " ms"
            + ", actionTimeout=" + actionTimeoutMs + " ms, ping=" + pingMs
            + " ms, agentsRefresh=" + agentsRefreshMs + " ms, originate=" + originate + "]";
    }
}
