package org.calldesk.agents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: salted, slow, and carrying their
 * own cost so the iteration count can rise without invalidating stored hashes. CPU-heavy: call from a worker.
 */
public final class Passwords {

    private static final Logger log = LoggerFactory.getLogger(Passwords.class);
    private static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA256 (2023). */
    static final int RECOMMENDED_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom random = new SecureRandom();

    private final int iterations;

    public Passwords(int iterations) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("security.pbkdf2_iterations must be at least 1000");
        }
        if (iterations < RECOMMENDED_ITERATIONS) {
            log.warn("security.pbkdf2_iterations is {}, below the {} recommended for PBKDF2-HMAC-SHA256: "
                    + "stolen password hashes are cheaper to crack", iterations, RECOMMENDED_ITERATIONS);
        }
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    public boolean verify(String password, String stored) {
        String[] parts = parts(stored);
        if (parts == null) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether a hash that just verified was made with fewer iterations than are configured now. */
    public boolean needsRehash(String stored) {
        String[] parts = parts(stored);
        return parts != null && Integer.parseInt(parts[1]) < iterations;
    }

    private static String[] parts(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        return parts.length == 4 && SCHEME.equals(parts[0]) ? parts : null;
    }

    private static byte[] derive(String password, byte[] salt, int rounds) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        }
    }
}
