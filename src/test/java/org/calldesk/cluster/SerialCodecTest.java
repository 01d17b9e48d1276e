package org.calldesk.cluster;

import io.vertx.core.buffer.Buffer;
import org.asteriskjava.manager.action.QueuePauseAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.calldesk.telephony.CallEvent;
import org.calldesk.telephony.RouteInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialCodecTest {

    private final SerialCodec codec = new SerialCodec();

    private Serializable roundTrip(Serializable object) {
        Buffer wire = Buffer.buffer();
        wire.appendString("head");
        codec.encodeToWire(wire, object);
        return codec.decodeFromWire(4, wire);
    }

    @Test
    @DisplayName("call events, AMI actions and responses cross to another node unchanged")
    void roundTrips() {
        CallEvent.Routed routed = new CallEvent.Routed(Instant.parse("2026-12-01T10:00:00.123Z"), "1.1", "1.2",
                "+8613800138000", new RouteInfo(42L, "gold", 20, "tier", "service", "service", "PJSIP/1001", "vip"));
        assertEquals(routed, roundTrip(routed));

        QueuePauseAction pause = new QueuePauseAction("PJSIP/1001", "service", true);
        pause.setReason("lunch");
        QueuePauseAction back = (QueuePauseAction) roundTrip(pause);
        assertEquals("PJSIP/1001", back.getInterface());
        assertEquals("lunch", back.getReason());

        ManagerError error = new ManagerError();
        error.setResponse("Error");
        error.setMessage("Interface not found");
        ManagerResponse response = (ManagerResponse) roundTrip(error);
        assertInstanceOf(ManagerError.class, response);
        assertEquals("Interface not found", response.getMessage());
    }

    @Test
    @DisplayName("a message naming a class outside the allow-list is refused, not instantiated")
    void refusesOtherClasses() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new File("/etc/passwd"));
        }
        Buffer wire = Buffer.buffer().appendInt(bytes.size()).appendBytes(bytes.toByteArray());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, wire));
        assertTrue(refused.getMessage().contains("could not be read"), refused.getMessage());
    }
}
