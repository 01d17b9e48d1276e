package org.calldesk.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import org.calldesk.telephony.CallEvent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries the holder's call events to the other nodes, many a second: each event's record components one after the
 * other in a compact binary form, behind the event's type name. Only {@link CallEvent}'s own records (and the records
 * they hold) can be named, so a message can make no other class; a type a node does not know (a newer node's) fails
 * that message alone. Several times smaller and cheaper to read than Java serialization, which names every class and
 * field in every message.
 */
final class EventCodec extends ClusterCodec<CallEvent> {

    static final String NAME = "calldesk-event";
    static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    /** Each event type by its simple name, with how to take it apart and put it together. */
    private static final Map<String, Shape> BY_NAME = new HashMap<>();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    static {
        for (Class<?> type : kinds()) {
            if (BY_NAME.put(type.getSimpleName(), SHAPES.get(type)) != null) {
                throw new IllegalStateException("two call events named " + type.getSimpleName());
            }
        }
    }

    /** Every record that is a {@link CallEvent}, through the sealed interfaces between. */
    static List<Class<?>> kinds() {
        List<Class<?>> out = new ArrayList<>();
        Deque<Class<?>> open = new ArrayDeque<>(List.of(CallEvent.class));
        while (!open.isEmpty()) {
            for (Class<?> sub : open.pop().getPermittedSubclasses()) {
                if (sub.isRecord()) {
                    out.add(sub);
                } else if (sub.isSealed()) {
                    open.add(sub);
                }
            }
        }
        return out;
    }

    EventCodec() {
        super(NAME);
    }

    static void register(EventBus bus) {
        bus.registerCodec(new EventCodec());
        bus.registerCodec(new BatchCodec());
    }

    @Override
    public void encodeToWire(Buffer buffer, CallEvent event) {
        write(buffer, event);
    }

    @Override
    public CallEvent decodeFromWire(int pos, Buffer buffer) {
        return read(buffer, new int[]{pos});
    }

    private static void write(Buffer buffer, CallEvent event) {
        Shape shape = SHAPES.get(event.getClass());
        writeString(buffer, event.getClass().getSimpleName());
        shape.write(buffer, event);
    }

    private static CallEvent read(Buffer buffer, int[] at) {
        String name = readString(buffer, at);
        Shape shape = BY_NAME.get(name);
        if (shape == null) {
            throw new IllegalStateException("a cluster call event of a type this node does not know: " + name);
        }
        return (CallEvent) shape.read(buffer, at);
    }

    /** Events read together, in their order: one message for all the holder read in one turn of its loop. */
    record Batch(List<CallEvent> events) {
        Batch {
            events = List.copyOf(events);
        }
    }

    /** The codec of a {@link Batch}: how many, then each event as {@link EventCodec} writes one. */
    static final class BatchCodec extends ClusterCodec<Batch> {

        static final String NAME = "calldesk-event-batch";
        static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

        BatchCodec() {
            super(NAME);
        }

        @Override
        public void encodeToWire(Buffer buffer, Batch batch) {
            buffer.appendInt(batch.events().size());
            batch.events().forEach(event -> write(buffer, event));
        }

        @Override
        public Batch decodeFromWire(int pos, Buffer buffer) {
            int[] at = {pos};
            int count = readInt(buffer, at);
            if (count < 0 || count > buffer.length()) {
                throw new IllegalStateException("a cluster event batch announcing " + count + " events");
            }
            List<CallEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(read(buffer, at));
            }
            return new Batch(events);
        }

    }


    /** A record type: its components' types, accessors and canonical constructor. */
    private record Shape(Class<?> type, Class<?>[] parts, MethodHandle[] getters, MethodHandle constructor) {

        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parts = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            MethodHandle[] getters = new MethodHandle[components.length];
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                for (int i = 0; i < components.length; i++) {
                    requireSupported(type, parts[i]);
                    getters[i] = lookup.unreflect(components[i].getAccessor());
                }
                MethodHandle constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parts))
                        .asSpreader(Object[].class, parts.length);
                return new Shape(type, parts, getters, constructor);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot carry " + type.getName() + " between nodes", e);
            }
        }

        void write(Buffer buffer, Object record) {
            for (int i = 0; i < parts.length; i++) {
                Object value;
                try {
                    value = getters[i].invoke(record);
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + " for the cluster", e);
                }
                writeValue(buffer, parts[i], value);
            }
        }

        Object read(Buffer buffer, int[] at) {
            Object[] values = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = readValue(buffer, at, parts[i]);
            }
            try {
                return constructor.invoke(values);
            } catch (Throwable e) {
                throw new IllegalStateException("a cluster " + type.getSimpleName() + " could not be made: " + e.getMessage(), e);
            }
        }
    }

    private static void requireSupported(Class<?> owner, Class<?> type) {
        boolean supported = type == String.class || type == Instant.class || type == int.class || type == long.class
                || type == boolean.class || type == double.class || type == Integer.class || type == Long.class
                || type == Boolean.class || type == Double.class || type.isEnum()
                || (type.isRecord() && type.getPackageName().startsWith("org.calldesk."));
        if (!supported) {
            throw new IllegalArgumentException(owner.getName() + " holds a " + type.getName()
                    + ", which the cluster's event codec does not carry");
        }
    }

    private static void writeValue(Buffer buffer, Class<?> type, Object value) {
        if (type == int.class) {
            buffer.appendInt((Integer) value);
        } else if (type == long.class) {
            buffer.appendLong((Long) value);
        } else if (type == boolean.class) {
            buffer.appendByte((Boolean) value ? PRESENT : ABSENT);
        } else if (type == double.class) {
            buffer.appendDouble((Double) value);
        } else if (type == String.class) {
            writeString(buffer, (String) value);
        } else if (value == null) {
            buffer.appendByte(ABSENT);
        } else {
            buffer.appendByte(PRESENT);
            switch (value) {
                case Instant t -> buffer.appendLong(t.getEpochSecond()).appendInt(t.getNano());
                case Integer n -> buffer.appendInt(n);
                case Long n -> buffer.appendLong(n);
                case Boolean b -> buffer.appendByte(b ? PRESENT : ABSENT);
                case Double d -> buffer.appendDouble(d);
                case Enum<?> e -> writeString(buffer, e.name());
                default -> SHAPES.get(type).write(buffer, value);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(Buffer buffer, int[] at, Class<?> type) {
        if (type == int.class) {
            return readInt(buffer, at);
        } else if (type == long.class) {
            return readLong(buffer, at);
        } else if (type == boolean.class) {
            return buffer.getByte(at[0]++) == PRESENT;
        } else if (type == double.class) {
            return Double.longBitsToDouble(readLong(buffer, at));
        } else if (type == String.class) {
            return readString(buffer, at);
        }
        if (buffer.getByte(at[0]++) == ABSENT) {
            return null;
        }
        if (type == Instant.class) {
            long seconds = readLong(buffer, at);
            return Instant.ofEpochSecond(seconds, readInt(buffer, at));
        } else if (type == Integer.class) {
            return readInt(buffer, at);
        } else if (type == Long.class) {
            return readLong(buffer, at);
        } else if (type == Boolean.class) {
            return buffer.getByte(at[0]++) == PRESENT;
        } else if (type == Double.class) {
            return Double.longBitsToDouble(readLong(buffer, at));
        } else if (type.isEnum()) {
            return Enum.valueOf((Class) type, readString(buffer, at));
        }
        return SHAPES.get(type).read(buffer, at);
    }

    private static void writeString(Buffer buffer, String value) {
        if (value == null) {
            buffer.appendInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    private static String readString(Buffer buffer, int[] at) {
        int length = readInt(buffer, at);
        if (length < 0) {
            return null;
        }
        if (length > buffer.length() - at[0]) {
            throw new IllegalStateException("a cluster call event cut short: a text of " + length + " bytes announced");
        }
        String value = buffer.getString(at[0], at[0] + length, StandardCharsets.UTF_8.name());
        at[0] += length;
        return value;
    }

    private static int readInt(Buffer buffer, int[] at) {
        int value = buffer.getInt(at[0]);
        at[0] += 4;
        return value;
    }

    private static long readLong(Buffer buffer, int[] at) {
        long value = buffer.getLong(at[0]);
        at[0] += 8;
        return value;
    }
}
