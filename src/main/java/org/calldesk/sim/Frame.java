package org.calldesk.sim;

import io.vertx.core.buffer.Buffer;

/** One AMI message under construction: header lines in the order Asterisk writes them, CRLF framed. */
final class Frame {
    /** Null for a muted frame: an event no session would be sent, which is therefore not written at all. */
    private final StringBuilder sb;
    /** The read classes a session needs to be sent this event; 0 for replies and list items. */
    final int category;
    /** The event's name, for eventfilter lines; null for replies. */
    final String name;

    private Frame(int category, String name) {
        this(category, name, new StringBuilder(640));
    }

    private Frame(int category, String name, StringBuilder sb) {
        this.category = category;
        this.name = name;
        this.sb = sb;
    }

    /**
     * An event that no logged-in session reads or that every session's eventfilter lines drop: the calls that would
     * build it do nothing, and it is sent to nobody.
     */
    static Frame muted(String name) {
        return new Frame(0, name, null);
    }

    boolean muted() {
        return sb == null;
    }

    static Frame event(String name, String privilege) {
        if (privilege == null) {
            return new Frame(0, name).f("Event", name);
        }
        return new Frame(AmiUser.category(privilege), name).f("Event", name).f("Privilege", privilege);
    }

    static Frame response(String response, String actionId) {
        Frame f = new Frame(0, null).f("Response", response);
        return actionId == null ? f : f.f("ActionID", actionId);
    }

    Frame f(String key, Object value) {
        if (sb == null) {
            return this;
        }
        sb.append(key).append(": ").append(value == null ? "" : value).append("\r\n");
        return this;
    }

    Frame f(String key, long value) {
        if (sb == null) {
            return this;
        }
        sb.append(key).append(": ").append(value).append("\r\n");
        return this;
    }

    /** ActionID only when the action carried one: list items end with it. */
    Frame actionId(String actionId) {
        return actionId == null ? this : f("ActionID", actionId);
    }

    Frame chan(Chan c) {
        if (sb != null) {
            c.appendTo(sb, "");
        }
        return this;
    }

    Frame dest(Chan c) {
        if (sb != null) {
            c.appendTo(sb, "Dest");
        }
        return this;
    }

    /** A channel snapshot under another prefix, as LocalBridge writes its two halves (LocalOne…, LocalTwo…). */
    Frame chan(String prefix, Chan c) {
        if (sb != null) {
            c.appendTo(sb, prefix);
        }
        return this;
    }

    Buffer toBuffer() {
        return Buffer.buffer(toString());
    }

    /** The whole message as written, blank line included: what an eventfilter line is matched against. */
    @Override
    public String toString() {
        return sb == null ? "" : sb + "\r\n";
    }
}
