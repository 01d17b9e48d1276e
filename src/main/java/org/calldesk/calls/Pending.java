package org.calldesk.calls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.calldesk.routing.CallbackRequest;
import org.calldesk.telephony.LiveCall;
import org.calldesk.telephony.RouteInfo;

/**
 * What the outbox keeps until PostgreSQL takes it, and its line in the outbox file. Every field is kept, so that the
 * row written late is the row that would have been written at once.
 */
sealed interface Pending {

    /** A call that ended. */
    record EndedCall(LiveCall call) implements Pending {}

    /** A callback request made in the menu. */
    record Callback(CallbackRequest request) implements Pending {}

    /** For the log: which call or request this is. */
    default String describe() {
        return switch (this) {
            case EndedCall e -> "call " + e.call().linkedid();
            case Callback c -> "callback request from " + c.request().callerNumber()
                + (c.request().linkedid() == null ? "" : " in call " + c.request().linkedid());
        };
    }

    default String kind() {
        return switch (this) {
            case EndedCall e -> "call";
            case Callback c -> "callback";
        };
    }

    default JsonObject toJson() {
        JsonObject line = new JsonObject().put("kind", kind());
        return switch (this) {
            case EndedCall e -> line.put("call", call(e.call()));
            case Callback c -> line.put("callback", new JsonObject()
                .put("caller_number", c.request().callerNumber())
                .put("linkedid", c.request().linkedid())
                .put("requested_at", text(c.request().requestedAt())));
        };
    }

    /** @throws IllegalArgumentException when the line is not one this class wrote */
    static Pending fromJson(JsonObject line) {
        try {
            return switch (String.valueOf(line.getString("kind"))) {
                case "call" -> new EndedCall(call(line.getJsonObject("call")));
                case "callback" -> {
                    JsonObject c = line.getJsonObject("callback");
                    yield new Callback(new CallbackRequest(c.getString("caller_number"), c.getString("linkedid"),
                        instant(c.getString("requested_at"))));
                }
                default -> throw new IllegalArgumentException("unknown kind " + line.getString("kind"));
            };
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException bad ? bad : new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonObject call(LiveCall c) {
        RouteInfo r = c.route();
        return new JsonObject()
            .put("linkedid", c.linkedid()).put("caller_uniqueid", c.callerUniqueid())
            .put("caller_channel", c.callerChannel()).put("caller_number", c.callerNumber())
            .put("phase", c.phase().name()).put("queue", c.queue()).put("position", c.position())
            .put("priority", c.priority()).put("entered_at", text(c.enteredAt())).put("joined_at", text(c.joinedAt()))
            .put("ringing", new JsonArray(c.ringing().stream().sorted().toList()))
            .put("agent_interface", c.agentInterface()).put("agent_name", c.agentName())
            .put("answered_at", text(c.answeredAt())).put("ended_at", text(c.endedAt()))
            .put("outcome", c.outcome().name()).put("wait_ms", c.waitMs()).put("talk_ms", c.talkMs())
            .put("missed_rings", c.missedRings())
            .put("route", r == null ? null : new JsonObject()
                .put("customer_id", r.customerId()).put("tier", r.tier()).put("priority", r.priority())
                .put("reason", r.reason()).put("queue", r.queue()).put("ivr", r.ivr()).put("agent", r.agent())
                .put("greeting", r.greeting()));
    }

    private static LiveCall call(JsonObject c) {
        JsonObject r = c.getJsonObject("route");
        RouteInfo route = r == null ? null : new RouteInfo(r.getLong("customer_id"), r.getString("tier"),
            r.getInteger("priority"), r.getString("reason"), r.getString("queue"), r.getString("ivr"),
            r.getString("agent"), r.getString("greeting"));
        Set<String> ringing = new HashSet<>();
        c.getJsonArray("ringing", new JsonArray()).forEach(iface -> ringing.add(String.valueOf(iface)));
        return new LiveCall(c.getString("linkedid"), c.getString("caller_uniqueid"), c.getString("caller_channel"),
            c.getString("caller_number"), LiveCall.Phase.valueOf(c.getString("phase")), c.getString("queue"),
            c.getInteger("position"), c.getInteger("priority"), instant(c.getString("entered_at")),
            instant(c.getString("joined_at")), Set.copyOf(ringing), c.getString("agent_interface"),
            c.getString("agent_name"), instant(c.getString("answered_at")), instant(c.getString("ended_at")),
            LiveCall.Outcome.valueOf(c.getString("outcome")), c.getLong("wait_ms"), c.getLong("talk_ms"),
            c.getInteger("missed_rings"), route);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
