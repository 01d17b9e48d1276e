package org.calldesk.app;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FreePortTest {

    @Test
    @DisplayName("free ports are bindable, never handed out twice, and outside the range outgoing connections draw from")
    void freePorts() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = Files.isReadable(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 0;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = EmbeddedServices.freePort();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
            if (ephemeralLow > 11_000) {
                assertTrue(port >= 10_000 && port < ephemeralLow, "port " + port + " is in the ephemeral range from " + ephemeralLow);
            }
        }
        int port = EmbeddedServices.freePort();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(socket.isBound());
        }
    }
}
