package org.calldesk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A listener that records the first bytes a client sends and then hangs up: enough to tell a TLS ClientHello
 * (a handshake record, 0x16 0x03) from a plain-text protocol, without a certificate on either side.
 */
public final class FirstBytes implements AutoCloseable {

    private final ServerSocket server;
    private final CompletableFuture<byte[]> first = new CompletableFuture<>();

    public FirstBytes() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptOne, "first-bytes");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The first bytes the client sent; empty when it sent nothing for two seconds after connecting. */
    public byte[] await(long timeoutMs) throws Exception {
        return first.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public static boolean tlsHandshake(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == 0x16 && bytes[1] == 0x03;
    }

    private void acceptOne() {
        try (Socket client = server.accept()) {
            // a plain AMI client waits for the server's banner and sends nothing: that silence is the answer
            client.setSoTimeout(2000);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[16];
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException silent) {
                n = 0;
            }
            first.complete(Arrays.copyOf(buffer, Math.max(n, 0)));
        } catch (IOException e) {
            first.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
