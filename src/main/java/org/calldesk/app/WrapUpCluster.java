package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.calldesk.calls.WrapUp;
import org.calldesk.cluster.AmiLeadership;
import org.calldesk.platform.DomainException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Wrap-ups in a cluster: the node holding the AMI link times them (it pauses and unpauses agents) and publishes each
 * start, change and end with its deadline; the other nodes keep a replica, so any node shows an agent's countdown; a
 * node that joins gets them all with the holder's snapshot; an extend or end asked on any node is done by the holder;
 * and a node that takes the link over adopts the replica's wrap-ups with their deadlines.
 */
final class WrapUpCluster {

    static final String PART = "wrap-ups";

    private WrapUpCluster() {
    }

    static void share(AmiLeadership leadership, WrapUp wrapUp) {
        wrapUp.onChange(change -> leadership.publish(PART, json(change)));
        leadership.share(PART, new AmiLeadership.Shared() {
            @Override
            public JsonObject snapshot() {
                WrapUp.Snapshot now = wrapUp.snapshot();
                JsonArray all = new JsonArray();
                now.wrapUps().forEach(c -> all.add(json(c)));
                return new JsonObject().put("version", now.version()).put("wrapUps", all);
            }

            @Override
            public void restore(JsonObject snapshot) {
                List<WrapUp.Change> all = new ArrayList<>();
                snapshot.getJsonArray("wrapUps").forEach(c -> all.add(change((JsonObject) c)));
                wrapUp.restore(new WrapUp.Snapshot(snapshot.getLong("version"), all));
            }

            @Override
            public void apply(JsonObject change) {
                wrapUp.apply(change(change));
            }

            @Override
            public Future<JsonObject> answer(JsonObject request) {
                String iface = request.getString("iface");
                return switch (request.getString("op")) {
                    case "extend" -> Future.succeededFuture(period(wrapUp.extendHere(iface, request.getInteger("seconds"))));
                    case "end" -> wrapUp.endHere(iface).map(v -> new JsonObject());
                    case "forget" -> wrapUp.forgetHere(iface).map(v -> new JsonObject());
                    default -> Future.failedFuture(new IllegalArgumentException("no such wrap-up request: " + request.getString("op")));
                };
            }
        });
        wrapUp.askWhenNotActing(new WrapUp.Acting() {
            @Override
            public Future<WrapUp.Period> extend(String iface, int seconds) {
                return ask(leadership, new JsonObject().put("op", "extend").put("iface", iface).put("seconds", seconds))
                        .map(WrapUpCluster::period);
            }

            @Override
            public Future<Void> end(String iface) {
                return ask(leadership, new JsonObject().put("op", "end").put("iface", iface)).mapEmpty();
            }

            @Override
            public Future<Void> forget(String iface) {
                return ask(leadership, new JsonObject().put("op", "forget").put("iface", iface)).mapEmpty();
            }
        });
    }

    /** The holder's "not in wrap-up" stays a conflict; a holder out of reach is said so. */
    private static Future<JsonObject> ask(AmiLeadership leadership, JsonObject request) {
        return leadership.ask(PART, request).recover(e -> Future.failedFuture(e instanceof DomainException ? e
                : new WrapUp.NotReached("wrap-up not changed: " + e.getMessage(), e)));
    }

    static JsonObject json(WrapUp.Change change) {
        JsonObject json = new JsonObject().put("iface", change.iface()).put("version", change.version());
        if (change.period() != null) {
            json.put("period", period(change.period()));
        }
        return json;
    }

    static WrapUp.Change change(JsonObject json) {
        JsonObject period = json.getJsonObject("period");
        return new WrapUp.Change(json.getString("iface"), period == null ? null : period(period), json.getLong("version"));
    }

    private static JsonObject period(WrapUp.Period period) {
        return new JsonObject().put("started", period.started().toString()).put("until", period.until().toString())
                .put("linkedid", period.linkedid());
    }

    private static WrapUp.Period period(JsonObject json) {
        return new WrapUp.Period(Instant.parse(json.getString("started")), Instant.parse(json.getString("until")),
                json.getString("linkedid"));
    }
}
