package org.calldesk.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import org.calldesk.agents.AgentSettings;
import org.calldesk.calls.CallSettings;
import org.calldesk.complaints.ComplaintSettings;
import org.calldesk.complaints.SlaPolicies;
import org.calldesk.customers.Tiers;
import org.calldesk.platform.ConfigSection;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.LiveList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings administrators change from their pages, kept in PostgreSQL as an overlay on {@code config/calldesk.yaml}:
 * a row per key path replaces the YAML's value at that path, and a key without a row keeps the YAML's (the default).
 * The configuration with the overlay over it is read by the same code that reads the YAML at start-up, so a change is
 * checked exactly as a hand-edited file would be; what passes is kept, recorded in the audit trail, put into the live
 * holders the features read (pause reasons, dispositions, categories, SLA targets and calendars) and announced on
 * {@link #CHANGED} so that the other nodes of a cluster reload it.
 */
public final class LiveSettings {

    /** Event bus address of change notices: every node reloads the settings from PostgreSQL when one arrives. */
    public static final String CHANGED = "calldesk.admin.changed";

    private static final Logger log = LoggerFactory.getLogger(LiveSettings.class);
    private static final Pattern CONFIG_ERROR = Pattern.compile("config ([A-Za-z0-9_.\\-]+): (.*)", Pattern.DOTALL);

    private final Vertx vertx;
    private final Pool pg;
    private final JsonObject defaults;
    private final List<String> pauseReasons;
    private final List<String> dispositions;
    private final List<String> categories;
    private final SlaPolicies sla;
    /** The rows of admin_settings as last applied, path to value. */
    private volatile Map<String, Object> overlay = Map.of();

    /**
     * @param defaults the configuration as loaded at start (YAML, files, environment); never changed here
     * @param pauseReasons, dispositions, categories, sla the live holders the features were given
     */
    public LiveSettings(Vertx vertx, Pool pg, JsonObject defaults, List<String> pauseReasons, List<String> dispositions,
                        List<String> categories, SlaPolicies sla) {
        this.vertx = vertx;
        this.pg = pg;
        this.defaults = defaults;
        this.pauseReasons = pauseReasons;
        this.dispositions = dispositions;
        this.categories = categories;
        this.sla = sla;
    }

    /** What the overlay yields, read as at start-up. */
    record Read(List<String> pauseReasons, List<String> dispositions, List<String> categories, SlaPolicies sla) {
    }

    /**
     * Reads the overlay from PostgreSQL and applies it: at start and on every change notice. An overlay that no
     * longer reads (a YAML edited since, so that an old change does not fit it) is logged and the defaults kept for
     * the parts it breaks, rather than stopping the server.
     */
    public Future<Void> reload() {
        return pg.query(AdminSql.SETTINGS).execute().map(rows -> {
            Map<String, Object> loaded = new LinkedHashMap<>();
            for (Row row : rows) {
                loaded.put(row.getString("path"), row.getValue("value"));
            }
            try {
                apply(read(effective(loaded)));
                overlay = Map.copyOf(loaded);
            } catch (IllegalArgumentException e) {
                log.error("administrators' settings not applied, the configuration file's are kept: {}", e.getMessage());
            }
            return null;
        });
    }

    /** The configuration as it stands: the defaults with the overlay over them. */
    public JsonObject effective() {
        return effective(overlay);
    }

    /** The configuration without the administrators' changes: the defaults. */
    JsonObject defaultsView() {
        return defaults;
    }

    /** The value at a key path now (overlay or default), e.g. {@code sla.targets.high}. */
    public Object value(String path) {
        return at(effective(), path);
    }

    /** Whether an administrator changed this key path (else it has the YAML's value). */
    public boolean changed(String path) {
        return overlay.containsKey(path);
    }

    /**
     * Keeps a new value at a key path after reading the configuration with it as the server would at start; the old
     * and new values go to the audit trail in the same transaction. {@code value} null drops the change (back to the
     * default). Invalid names the form field at fault.
     */
    public Future<Void> change(String actor, String area, String subject, String path, Object value) {
        Map<String, Object> candidate = new LinkedHashMap<>(overlay);
        if (value == null) {
            candidate.remove(path);
        } else {
            candidate.put(path, value);
        }
        try {
            read(effective(candidate));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(invalid(path, e));
        }
        Object before = at(effective(), path);
        return pg.withTransaction(conn -> (value == null
                        ? conn.preparedQuery(AdminSql.DROP_SETTING).execute(Tuple.of(path))
                        : conn.preparedQuery(AdminSql.KEEP_SETTING).execute(Tuple.of(path, value, actor)))
                .compose(v -> AdminAudit.record(conn, actor, area, subject, value == null ? "reset" : "change",
                        before, value == null ? at(effective(candidate), path) : value)))
                .compose(v -> reload())
                .onSuccess(v -> {
                    log.info("{} changed {}", actor, path);
                    vertx.eventBus().publish(CHANGED, new JsonObject().put("area", area).put("path", path).put("by", actor));
                });
    }

    private void apply(Read read) {
        LiveList.replace(pauseReasons, read.pauseReasons());
        LiveList.replace(dispositions, read.dispositions());
        LiveList.replace(categories, read.categories());
        sla.adopt(read.sla());
    }

    /** Reads the parts administrators change, exactly as the start-up does; IllegalArgumentException names the key. */
    static Read read(JsonObject config) {
        ConfigSection root = ConfigSection.root(config);
        SlaPolicies policies = SlaPolicies.from(root, Tiers.from(root));
        return new Read(AgentSettings.from(root).pauseReasons(), CallSettings.from(root).dispositions(),
                ComplaintSettings.from(root, policies).categories(), policies);
    }

    private JsonObject effective(Map<String, Object> rows) {
        JsonObject config = defaults.copy();
        rows.forEach((path, value) -> put(config, path, value));
        return config;
    }

    private static void put(JsonObject config, String path, Object value) {
        String[] keys = path.split("\\.");
        JsonObject section = config;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonObject next = section.getJsonObject(keys[i]);
            if (next == null) {
                next = new JsonObject();
                section.put(keys[i], next);
            }
            section = next;
        }
        section.put(keys[keys.length - 1], value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value);
    }

    static Object at(JsonObject config, String path) {
        Object here = config;
        for (String key : path.split("\\.")) {
            if (!(here instanceof JsonObject section)) {
                return null;
            }
            here = section.getValue(key);
        }
        return here;
    }

    /**
     * A configuration error as a form error: the field is the part of the failing key below the path that was
     * changed ({@code sla.targets.high.first_response} → {@code first_response}), or the path's own last part.
     */
    static Invalid invalid(String path, IllegalArgumentException e) {
        Matcher m = CONFIG_ERROR.matcher(String.valueOf(e.getMessage()));
        if (!m.matches()) {
            return new Invalid("value", String.valueOf(e.getMessage()));
        }
        String key = m.group(1);
        String field = key.startsWith(path + ".") ? key.substring(path.length() + 1) : key.substring(key.lastIndexOf('.') + 1);
        return new Invalid(field, m.group(2));
    }
}
