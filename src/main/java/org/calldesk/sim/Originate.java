package org.calldesk.sim;

/**
 * An AMI Originate as the client asked for it, and the OriginateResponse events that answer it. The target is either
 * context/exten or application/data; {@code variables} are the Variable lines, comma-joined.
 */
record Originate(String actionId, String channel, String context, String exten, String application, String data,
                 String cidNum, String cidName, long timeoutMs, String variables) {

    /** A failed originate: no channel to name, so the dial string, and the CallerID it was asked for. */
    Frame failure(int reason) {
        return response("Failure", channel, reason, "<unknown>", cidNum == null ? "<unknown>" : cidNum,
            cidName == null ? "<unknown>" : cidName);
    }

    Frame response(String result, String named, int reason, String uniqueid, String num, String name) {
        Frame f = Frame.event("OriginateResponse", "call,all").actionId(actionId).f("Response", result).f("Channel", named);
        if (context != null) {
            f.f("Context", context).f("Exten", exten == null ? "s" : exten);
        } else {
            f.f("Application", application).f("Data", data == null ? "" : data);
        }
        return f.f("Reason", reason).f("Uniqueid", uniqueid).f("CallerIDNum", num).f("CallerIDName", name);
    }
}
