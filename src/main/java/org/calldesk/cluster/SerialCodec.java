package org.calldesk.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Carries the phone side's own objects between nodes: call events (records), and Asterisk-Java's actions and
 * responses. Java serialization, read back through an allow-list of the classes those are made of, so a message
 * can name no other class; and the cluster port must be reachable by calldesk's nodes only (README).
 */
final class SerialCodec extends ClusterCodec<Serializable> {

    static final String NAME = "calldesk-serial";
    static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxrefs=100000;maxbytes=16777216;"
                    + "org.calldesk.telephony.*;org.calldesk.cluster.ClusterSnapshot;org.asteriskjava.manager.action.*;org.asteriskjava.manager.response.*;"
                    + "org.asteriskjava.manager.event.*;org.asteriskjava.manager.internal.*;"
                    + "java.lang.*;java.util.*;java.time.*;java.math.*;!*");

    SerialCodec() {
        super(NAME);
    }

    static void register(EventBus bus) {
        bus.registerCodec(new SerialCodec());
    }

    @Override
    public void encodeToWire(Buffer buffer, Serializable object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("not serializable for the cluster: " + object.getClass().getName(), e);
        }
        buffer.appendInt(bytes.size()).appendBytes(bytes.toByteArray());
    }

    @Override
    public Serializable decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        byte[] bytes = buffer.getBytes(pos + 4, pos + 4 + length);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ALLOWED);
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a cluster message could not be read: " + e.getMessage(), e);
        }
    }

}
