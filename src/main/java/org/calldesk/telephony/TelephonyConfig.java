package org.calldesk.telephony;

import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;
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
    Originate originate,
    QueueLog queueLog,
    boolean amiTls, AgiAccess agiAccess, AgiLimits agiLimits) {

    /**
     * What the FastAGI server takes on: sessions served at once, connections that may wait for one of them, and how
     * long a connection may stay silent (waiting included) before it is closed.
     */
    public record AgiLimits(int threads, int queue, int idleTimeoutMs) {}

    /**
     * Click-to-call: the dialplan context, the caller ID customers see (empty: the dialplan's), how long the agent's
     * phone rings, and how much longer Asterisk's OriginateResponse is waited for before the attempt counts as lost.
     */
    public record Originate(String context, String callerId, long ringTimeoutMs, long responseGraceMs) {}

    /**
     * Asterisk's queue_log, read to fill in calls that started or ended while calldesk was not listening.
     *
     * @param source        {@link #NONE}, {@link #FILE} or {@link #TABLE}
     * @param table         a table name, optionally schema-qualified; checked to be plain identifiers, as it is
     *                      written into SQL
     * @param tableTimeZone the zone of the table's {@code time} column (Asterisk writes its local time, or UTC with
     *                      {@code queue_log_realtime_use_gmt})
     * @param fromBeginning with no saved position, read the calls already in the log (else start at its end)
     */
    public record QueueLog(String source, String file, String table, ZoneId tableTimeZone, boolean fromBeginning) {
        public static final String NONE = "none";
        public static final String FILE = "file";
        public static final String TABLE = "table";
        private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

        public boolean enabled() {
            return !NONE.equals(source);
        }

        static QueueLog from(ConfigSection q) {
            String source = q.string("source");
            String file = q.stringOrEmpty("file");
            String table = q.stringOrEmpty("table");
            String zone = q.string("table_time_zone");
            String firstRead = q.string("first_read");
            if (!source.equals(NONE) && !source.equals(FILE) && !source.equals(TABLE)) {
                throw q.bad("source", "must be none, file or table, not '" + source + "'");
            }
            if (source.equals(FILE) && file.isEmpty()) {
                throw q.bad("file", "must name Asterisk's queue_log file when source is file");
            }
            if (source.equals(TABLE) && !TABLE_NAME.matcher(table).matches()) {
                throw q.bad("table", "must be a table name (letters, digits, _; schema.table allowed), not '" + table + "'");
            }
            if (!firstRead.equals("all") && !firstRead.equals("new")) {
                throw q.bad("first_read", "must be all or new, not '" + firstRead + "'");
            }
            try {
                return new QueueLog(source, file, table, ZoneId.of(zone), firstRead.equals("all"));
            } catch (DateTimeException e) {
                throw q.bad("table_time_zone", "is not a time zone: " + e.getMessage());
            }
        }
    }

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
                originate.positiveInt("ring_timeout_ms"), originate.positiveInt("response_grace_ms")),
            QueueLog.from(t.section("queue_log")),
            ami.bool("tls"), AgiAccess.from(agi, "simulator".equals(t.string("mode"))),
            new AgiLimits(agi.positiveInt("threads"), agi.positiveInt("queue"), agi.positiveInt("idle_timeout_ms")));
    }

    public boolean simulator() {
        return "simulator".equals(mode);
    }

    /**
     * The same settings with the AMI link pointed elsewhere: at the built-in simulator, once it listens. The
     * simulator speaks plain TCP on 127.0.0.1, so the link to it never uses TLS.
     */
    public TelephonyConfig withAmi(String host, int port) {
        return new TelephonyConfig(mode, host, port, amiUsername, amiSecret, agiHost, agiPort, reconnectMinMs,
            reconnectMaxMs, actionTimeoutMs, pingMs, agentsRefreshMs, originate, queueLog, false, agiAccess, agiLimits);
    }

    /** The same settings with the FastAGI secret the dialplan (or the built-in simulator) sends. */
    public TelephonyConfig withAgiSecret(String secret) {
        return new TelephonyConfig(mode, amiHost, amiPort, amiUsername, amiSecret, agiHost, agiPort, reconnectMinMs,
            reconnectMaxMs, actionTimeoutMs, pingMs, agentsRefreshMs, originate, queueLog, amiTls, agiAccess.withSecret(secret),
            agiLimits);
    }

    /** Without the AMI and FastAGI secrets: configurations get logged. */
    @Override
    public String toString() {
        return "TelephonyConfig[mode=" + mode + ", ami=" + amiUsername + "@" + amiHost + ":" + amiPort
            + (amiTls ? " (TLS)" : "")
            + ", agi=" + agiHost + ":" + agiPort + ", reconnect=" + reconnectMinMs + ".." + reconnectMaxMs + " ms"
            + ", actionTimeout=" + actionTimeoutMs + " ms, ping=" + pingMs
            + " ms, agentsRefresh=" + agentsRefreshMs + " ms, originate=" + originate + ", queueLog=" + queueLog
            + ", agiAccess=" + agiAccess + ", agiLimits=" + agiLimits + "]";
    }
}
