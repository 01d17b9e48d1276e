package org.calldesk.sim;

import io.vertx.core.buffer.Buffer;

/** One AMI message under construction: header lines in the order Asterisk writes them, CRLF framed. */
final class Frame {
    private final StringBuilder sb = new StringBuilder(640);
    /** The read classes a session needs to be sent this event; 0 for replies and list items. */
    final int category;

    private Frame(int category) {
        this.category = category;
    }

    static Frame event(String name, String privilege) {
        if (privilege == null) {
            return new Frame(0).f("Event", name);
        }
        return new Frame(AmiUser.category(privilege)).f("Event", name).f("Privilege", privilege);
    }

    static Frame response(String response, String actionId) {
        Frame f = new Frame(0).f("Response", response);
        return actionId == null ? f : f.f("ActionID", actionId);
    }

    Frame f(String key, Object value) {
        sb.append(key).append(": ").append(value == null ? "" : value).append("\r\n");
        return this;
    }

    Frame f(String key, long value) {
        sb.append(key).append(": ").append(value).append("\r\n");
        return this;
    }

    /** ActionID only when the action carried one: list items end with it. */
    Frame actionId(String actionId) {
        return actionId == null ? this : f("ActionID", actionId);
    }

    Frame chan(Chan c) {
        c.appendTo(sb, "");
        return this;
    }

    Frame dest(Chan c) {
        c.appendTo(sb, "Dest");
        return this;
    }

    /** A channel snapshot under another prefix, as LocalBridge writes its two halves (LocalOne…, LocalTwo…). */
    Frame chan(String prefix, Chan c) {
        c.appendTo(sb, prefix);
        return this;
    }

    Buffer toBuffer() {
        sb.append("\r\n");
        return Buffer.buffer(sb.toString());
    }

    @Override
    public String toString() {
        return sb + "\r\n";
    }
}
