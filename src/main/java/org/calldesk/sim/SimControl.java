package org.calldesk.sim;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The simulator's HTTP control: place one inbound call, as a customer dialling the hotline would. The handler
 * knows nothing of who may call it; whoever mounts it puts its access check in front.
 */
public final class SimControl {

    private static final List<String> CHOICES = List.of("service", "complaint", "status", "callback");

    private final SwitchSimulator simulator;

    public SimControl(SwitchSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code POST {"from": "+86 138 0013 8000", "ivr": "service"}}: 201 with the call's Linkedid. */
    public Handler<RoutingContext> placeCall() {
        return ctx -> {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (DecodeException | ClassCastException e) {
                refuse(ctx, "the body must be a JSON object");
                return;
            }
            Object from = body == null ? null : body.getValue("from");
            Object ivr = body == null ? null : body.getValue("ivr", "service");
            if (!(from instanceof String number) || number.isBlank() || number.length() > 40) {
                refuse(ctx, "field 'from' must be a phone number of at most 40 characters");
            } else if (!(ivr instanceof String choice) || !CHOICES.contains(choice)) {
                refuse(ctx, "field 'ivr' must be one of " + CHOICES);
            } else {
                simulator.placeCall(number, choice)
                    .onSuccess(linkedid -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("linkedid", linkedid).encode()))
                    .onFailure(ctx::fail);
            }
        };
    }

    private static void refuse(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", why).encode());
    }
}
