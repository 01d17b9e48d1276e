package org.calldesk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark's own ear on the switch: an AMI session of its own that asks only for the agent class of events
 * ({@code Events: agent} at login) and notes when each AgentCalled arrives, by Linkedid and interface. Raw frames, no
 * Asterisk-Java: the measuring must cost the machine as little as it can, since calldesk's nodes share it.
 */
final class AgentCalledTap {

    /** Told of each AgentCalled on the reading context. */
    interface Listener {
        void called(String linkedid, String iface, Instant at);
    }

    private final AtomicBoolean loggedIn = new AtomicBoolean();
    private NetClient client;
    private NetSocket socket;

    boolean isUp() {
        return loggedIn.get();
    }

    Future<Void> start(Vertx vertx, int port, String username, String secret, Listener listener) {
        client = vertx.createNetClient();
        return client.connect(port, "127.0.0.1").map(s -> {
            socket = s;
            RecordParser frames = RecordParser.newDelimited("\r\n\r\n", frame -> read(frame, listener));
            s.handler(frames);
            s.write("Action: Login\r\nUsername: " + username + "\r\nSecret: " + secret + "\r\nEvents: agent\r\n\r\n");
            return null;
        });
    }

    private void read(Buffer frame, Listener listener) {
        Instant at = Instant.now();
        String text = frame.toString(StandardCharsets.UTF_8);
        // The greeting line comes first, glued to the login answer.
        if (text.contains("Response: Success") && text.contains("Authentication accepted")) {
            loggedIn.set(true);
            return;
        }
        if (!text.startsWith("Event: AgentCalled")) {
            return;
        }
        String linkedid = null;
        String iface = null;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("Linkedid: ")) {
                linkedid = line.substring(10).trim();
            } else if (line.startsWith("Interface: ")) {
                iface = line.substring(11).trim();
            }
        }
        if (linkedid != null && iface != null) {
            listener.called(linkedid, iface, at);
        }
    }

    Future<Void> stop() {
        return client == null ? Future.succeededFuture() : client.close();
    }
}
