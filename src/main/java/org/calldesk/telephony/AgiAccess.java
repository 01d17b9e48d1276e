package org.calldesk.telephony;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.calldesk.platform.ConfigSection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may ask calldesk's FastAGI scripts for a caller's customer, tier and complaints, or register a callback:
 * only a PBX at an address of {@code telephony.agi.allow}, and only with {@code telephony.agi.secret}, which the
 * dialplan sends in the script's URL ({@code agi://calldesk:4573/route?secret=…}). FastAGI itself has neither.
 *
 * @param allow  addresses and CIDR blocks a connection may come from
 * @param secret the shared secret; empty only in simulator mode until calldesk makes one for the run
 */
public record AgiAccess(List<Block> allow, String secret) {

    private static final Logger log = LoggerFactory.getLogger(AgiAccess.class);
    /** Safe in a URL query and in a dialplan argument, where a comma would start the next argument. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9._~-]{16,256}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]+");
    public static final String PARAMETER = "secret";

    public AgiAccess {
        allow = List.copyOf(allow);
    }

    /** An address block: one address ({@code 10.0.0.5}) or a CIDR block ({@code 10.0.0.0/24}, {@code fd00::/8}). */
    public record Block(BigInteger network, int length, int prefix, String text) {
        static Block parse(String text) {
            String[] parts = text.split("/", 2);
            if (!ADDRESS.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block (host names are not resolved)");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
                }
            }
            return new Block(new BigInteger(1, address).and(mask(address.length, prefix)), address.length, prefix, text);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            return candidate.length == length && new BigInteger(1, candidate).and(mask(length, prefix)).equals(network);
        }

        private static BigInteger mask(int bytes, int prefix) {
            return BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bytes * 8 - prefix);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The {@code telephony.agi} section's {@code allow} and {@code secret}. A real PBX needs a secret: without one,
     * anyone who reaches the port (or runs on an allowed host) could read any caller's customer data.
     */
    static AgiAccess from(ConfigSection agi, boolean simulator) {
        List<Block> allow = new ArrayList<>();
        for (String entry : agi.strings("allow")) {
            try {
                allow.add(Block.parse(entry));
            } catch (IllegalArgumentException e) {
                throw agi.bad("allow", e.getMessage());
            }
        }
        if (allow.isEmpty()) {
            throw agi.bad("allow", "must name at least the PBX's address (127.0.0.1 when it runs on this host)");
        }
        String secret = agi.stringOrEmpty("secret");
        if (secret.isEmpty() && !simulator) {
            throw agi.bad("secret", "must be set when telephony.mode is asterisk: the same value the dialplan sends as"
                + " ?secret= (CALLDESK_AGI_SECRET in extensions.conf), e.g. from `openssl rand -hex 24`");
        }
        if (!secret.isEmpty() && !SECRET.matcher(secret).matches()) {
            throw agi.bad("secret", "must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ - (it travels in a URL)");
        }
        if (secret.toUpperCase(java.util.Locale.ROOT).contains("CHANGE-ME")) {
            throw agi.bad("secret", "is still the placeholder shipped in extensions.conf: choose a secret of your own");
        }
        return new AgiAccess(allow, secret);
    }

    /** A secret for one run, when calldesk itself is the only PBX (simulator mode) and none is configured. */
    public static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public AgiAccess withSecret(String newSecret) {
        return new AgiAccess(allow, newSecret);
    }

    public boolean admits(InetAddress address) {
        return address != null && allow.stream().anyMatch(block -> block.contains(address));
    }

    /** Constant-time, so that the answer's timing does not tell how much of a guess was right. */
    public boolean secretMatches(String offered) {
        return !secret.isEmpty() && offered != null
            && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The accept socket with connections from outside {@link #allow} closed before a byte is read: Asterisk-Java's
     * server runs a script for any connection it is handed.
     */
    ServerSocketFacade admitting(ServerSocketFacade socket) {
        return new ServerSocketFacade() {
            @Override
            public SocketConnectionFacade accept() throws IOException {
                while (true) {
                    SocketConnectionFacade connection = socket.accept();
                    if (admits(connection.getRemoteAddress())) {
                        return connection;
                    }
                    log.warn("FastAGI connection from {} refused: not in telephony.agi.allow {}",
                        connection.getRemoteAddress(), allow);
                    try {
                        connection.close();
                    } catch (IOException ignored) {
                        // it is gone either way
                    }
                }
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }

            @Override
            public void setSocketReadTimeout(int timeout) {
                socket.setSocketReadTimeout(timeout);
            }
        };
    }

    /**
     * The scripts, each run only for a request that carries the secret. A refused request sets no variable, so the
     * dialplan fails open (service queue, callback not registered) as it does when calldesk is unreachable.
     */
    Map<String, AgiScript> guarding(Map<String, AgiScript> scripts) {
        Map<String, AgiScript> guarded = new HashMap<>();
        scripts.forEach((name, script) -> guarded.put(name, (request, channel) -> {
            if (secretMatches(request.getParameter(PARAMETER))) {
                script.service(request, channel);
            } else {
                log.warn("FastAGI {} from {} refused: {} secret (telephony.agi.secret must equal the dialplan's"
                        + " CALLDESK_AGI_SECRET)", name, request.getRemoteAddress(),
                    request.getParameter(PARAMETER) == null ? "no" : "wrong");
            }
        }));
        return guarded;
    }

    /** Without the secret: configurations get logged. */
    @Override
    public String toString() {
        return "AgiAccess[allow=" + allow + ", secret=" + (secret.isEmpty() ? "none" : "set") + "]";
    }
}
