package org.calldesk.cluster;

import io.vertx.core.buffer.Buffer;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.RouteInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    private CallEvent roundTrip(CallEvent event) {
        Buffer wire = Buffer.buffer().appendString("head");
        codec.encodeToWire(wire, event);
        return codec.decodeFromWire(4, wire);
    }

    @Test
    @DisplayName("every kind of call event crosses to another node unchanged, with its values and with nulls")
    void everyKindRoundTrips() throws Exception {
        int kinds = 0;
        for (Class<?> type : EventCodec.kinds()) {
            for (boolean nulls : new boolean[]{false, true}) {
                CallEvent event = sample(type, nulls, 7);
                assertEquals(event, roundTrip(event), type.getSimpleName() + (nulls ? " with nulls" : ""));
            }
            kinds++;
        }
        assertTrue(kinds >= 20, "all the event kinds tried: " + kinds);
    }

    @Test
    @DisplayName("a burst of events crosses as one message, in its order")
    void batchKeepsOrder() throws Exception {
        EventCodec.BatchCodec batches = new EventCodec.BatchCodec();
        java.util.List<CallEvent> events = new java.util.ArrayList<>();
        int i = 0;
        for (Class<?> type : EventCodec.kinds()) {
            events.add(sample(type, i % 3 == 0, i++));
        }
        Buffer wire = Buffer.buffer().appendString("head");
        batches.encodeToWire(wire, new EventCodec.Batch(events));
        assertEquals(events, batches.decodeFromWire(4, wire).events());
        Buffer empty = Buffer.buffer();
        batches.encodeToWire(empty, new EventCodec.Batch(java.util.List.of()));
        assertTrue(batches.decodeFromWire(0, empty).events().isEmpty());
    }

    @Test
    @DisplayName("a routed call keeps its route, Chinese text and all")
    void routedWithItsRoute() {
        CallEvent.Routed routed = new CallEvent.Routed(Instant.parse("2026-12-01T10:00:00.123456789Z"), "1.1", "1.2",
                "+8613800138000", new RouteInfo(42L, "gold", 20, "客户经理优先", "service", "service", "PJSIP/1001", null));
        assertEquals(routed, roundTrip(routed));
    }

    @Test
    @DisplayName("less than half the bytes of Java serialization on the wire")
    void compact() throws Exception {
        CallEvent called = sample(CallEvent.AgentCalled.class, false, 3);
        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, called);
        ByteArrayOutputStream java = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(java)) {
            out.writeObject(called);
        }
        assertTrue(wire.length() * 2 < java.size(), wire.length() + " bytes vs Java serialization's " + java.size());
    }

    @Test
    @DisplayName("a message naming a type that is no call event, or cut short, is refused")
    void refusesOthers() throws Exception {
        Buffer other = Buffer.buffer().appendInt(4).appendString("File").appendInt(-1);
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, other));
        assertTrue(unknown.getMessage().contains("File"), unknown.getMessage());

        Buffer wire = Buffer.buffer();
        codec.encodeToWire(wire, sample(CallEvent.Hangup.class, false, 1));
        Buffer cut = wire.getBuffer(0, wire.length() - 6);
        assertThrows(RuntimeException.class, () -> codec.decodeFromWire(0, cut));
    }

    /** An event of the type with a distinct value in each component (or null where a component may be null). */
    private static CallEvent sample(Class<?> type, boolean nulls, int seed) throws Exception {
        return (CallEvent) make(type, nulls, seed);
    }

    private static Object make(Class<?> type, boolean nulls, int seed) throws Exception {
        RecordComponent[] parts = type.getRecordComponents();
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = value(parts[i].getType(), nulls && i > 0, seed * 31 + i);
        }
        return type.getDeclaredConstructor(Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new))
                .newInstance(values);
    }

    private static Object value(Class<?> type, boolean asNull, int n) throws Exception {
        if (type == int.class || type == Integer.class && !asNull) {
            return n;
        } else if (type == long.class || type == Long.class && !asNull) {
            return n * 1_000_000_007L;
        } else if (type == boolean.class || type == Boolean.class && !asNull) {
            return n % 2 == 0;
        } else if (type == double.class || type == Double.class && !asNull) {
            return n / 3.0;
        } else if (asNull) {
            return null;
        } else if (type == String.class) {
            return "v" + n + "·值";
        } else if (type == Instant.class) {
            return Instant.ofEpochSecond(1_790_000_000L + n, n * 1000L + 1);
        } else if (type.isEnum()) {
            return type.getEnumConstants()[n % type.getEnumConstants().length];
        } else if (type.isRecord()) {
            return make(type, false, n);
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
