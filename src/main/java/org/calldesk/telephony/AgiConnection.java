package org.calldesk.telephony;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * One FastAGI connection as Asterisk-Java's handler reads and writes it (lines ending in {@code \n}, UTF-8), closed
 * when it has been silent for the idle timeout. Silence counts from the accept, so a connection that waited for a
 * thread in a burst is not given a fresh timeout once it has one: a stalled connection then costs its thread a
 * moment, not the whole timeout again. Asterisk-Java's own connection gives every read three hours.
 */
final class AgiConnection implements SocketConnectionFacade {

    private static final int REQUEST_BUFFER = 2048;

    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;
    /** The line being read, kept between lines: a route call reads some thirty. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    /** What was written since the last flush; a command is a line of a few dozen characters. */
    private final StringBuilder pending = new StringBuilder(128);
    private final int idleMs;
    /** Last sign of life; touched by one thread at a time, handed from the accept thread to a worker by the pool. */
    private long heardNanos;

    private AgiConnection(Socket socket, int idleMs) throws IOException {
        this.socket = socket;
        // Asterisk's request is well under a kilobyte; the default 8 KB buffers (and a writer's encoder) cost more
        // than the connection uses, fifty connections a second.
        this.in = new BufferedInputStream(socket.getInputStream(), REQUEST_BUFFER);
        this.out = socket.getOutputStream();
        this.idleMs = idleMs;
        this.heardNanos = System.nanoTime();
    }

    /**
     * Waits, within what is left of the idle timeout, for the request's first byte; false, with the connection closed,
     * when none came. Asterisk writes its request as soon as it connects, so only a broken peer fails here.
     */
    boolean awaitRequest() {
        try {
            if (in.available() > 0) {
                return true;
            }
            silenceLeft();
            in.mark(1);
            if (in.read() >= 0) {
                in.reset();
                return true;
            }
        } catch (IOException timedOutOrGone) {
            // closed below, as at the end of the stream
        }
        close();
        return false;
    }

    /** How long the connection has been silent. */
    long silentMs() {
        return (System.nanoTime() - heardNanos) / 1_000_000;
    }

    @Override
    public String readLine() throws IOException {
        line.reset();
        while (true) {
            if (in.available() == 0) {
                silenceLeft();
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("No more lines available: the connection was closed");
            }
            if (b == '\n') {
                heardNanos = System.nanoTime();
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** The next blocking read may wait only for what is left of the idle timeout. */
    private void silenceLeft() throws SocketException, SocketTimeoutException {
        long left = idleMs - silentMs();
        if (left <= 0) {
            throw new SocketTimeoutException("silent for " + silentMs() + " ms");
        }
        socket.setSoTimeout((int) left);
    }

    @Override
    public void write(String s) {
        pending.append(s);
    }

    @Override
    public void flush() throws IOException {
        out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        out.flush();
        // The peer's silence that matters from now on is how long it takes to answer this.
        heardNanos = System.nanoTime();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }

    /**
     * The listening socket, as Asterisk-Java's accept loop uses it. That loop accepts and hands the connection to
     * {@code execute} on its one thread, so {@link #lastAccepted} is the connection of the handler being executed.
     */
    static final class Listener implements ServerSocketFacade {

        private final ServerSocket server;
        private final int idleMs;
        private AgiConnection accepted;

        Listener(int port, int backlog, InetAddress address, int idleMs) throws IOException {
            this.server = new ServerSocket(port, backlog, address);
            this.idleMs = idleMs;
        }

        @Override
        public SocketConnectionFacade accept() throws IOException {
            Socket socket = server.accept();
            try {
                accepted = new AgiConnection(socket, idleMs);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return accepted;
        }

        AgiConnection lastAccepted() {
            return accepted;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        /** Asterisk-Java's read timeout is replaced by the idle timeout. */
        @Override
        public void setSocketReadTimeout(int ignored) {
            // the idle timeout given at construction governs every read
        }
    }
}
