package org.calldesk.agents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be before an account gets it (NIST SP 800-63B's rules rather than composition rules): at least
 * {@value #MIN_LENGTH} characters; not a common password, nor one with digits or symbols stuck to its ends; not one
 * character or a short unit repeated; not a run along the keyboard or the alphabet; not containing the username.
 *
 * <p>The demo password is outside these rules. Only demo mode gives it to accounts, and only in demo mode does it log
 * anyone in: an account that still has it when demo mode is off is refused at login, whatever its name.
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    /** As many characters as a login accepts. */
    public static final int MAX_LENGTH = 1000;
    public static final String DEMO_PASSWORD = "demo";

    // Cyclic: "7890123" is a run of the first. Keyboard rows are taken as one line, and the columns top to bottom.
    private static final String[] RUNS = {"0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "1q2w3e4r5t6y7u8i9o0p"};
    private static final int SHORT_UNIT = 4;

    private final boolean demoMode;

    public PasswordRules(boolean demoMode) {
        this.demoMode = demoMode;
    }

    public boolean demoMode() {
        return demoMode;
    }

    /** Why this user may not have this password, as a sentence for them; null when they may. */
    public String problem(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "password must have at most " + MAX_LENGTH + " characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String core = stripEnds(lower);
        if (Common.PASSWORDS.contains(lower) || Common.PASSWORDS.contains(core)) {
            return "password is one of the most common passwords (or one with digits or symbols added); choose another";
        }
        if (repeated(lower) || repeated(core)) {
            return "password must not be one character or a short sequence repeated";
        }
        if (run(lower) || run(core)) {
            return "password must not be a run of keys or letters such as 'qwerty' or 'abcdef'";
        }
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return "password must not contain the username";
        }
        return null;
    }

    /** Whether a login with this password is refused whichever account it opens: demo passwords work only in demo mode. */
    public boolean refusedAtLogin(String password) {
        return !demoMode && DEMO_PASSWORD.equals(password);
    }

    /** "Password2024!" is "password" with decorations that guessing tools try first. */
    private static String stripEnds(String lower) {
        int start = 0;
        int end = lower.length();
        while (start < end && !Character.isLetter(lower.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(lower.charAt(end - 1))) {
            end--;
        }
        return lower.substring(start, end);
    }

    /** "aaaaaaaaaaaa", "abcabcabcabc", "passwordpassword": a short or common unit, repeated. */
    private static boolean repeated(String text) {
        int length = text.length();
        for (int unit = 1; unit <= length / 2; unit++) {
            if (length % unit == 0 && text.equals(text.substring(0, unit).repeat(length / unit))) {
                String part = text.substring(0, unit);
                return unit <= SHORT_UNIT || Common.PASSWORDS.contains(part) || run(part);
            }
        }
        return false;
    }

    private static boolean run(String text) {
        if (text.length() < SHORT_UNIT) {
            return false;
        }
        for (String line : RUNS) {
            if (along(text, line, 1) || along(text, line, -1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean along(String text, String line, int step) {
        int at = line.indexOf(text.charAt(0));
        for (int i = 1; i < text.length(); i++) {
            if (at < 0) {
                return false;
            }
            int next = Math.floorMod(at + step, line.length());
            if (line.charAt(next) != text.charAt(i)) {
                return false;
            }
            at = next;
        }
        return at >= 0;
    }

    /** The list, read once, on first use: about 10 000 entries. */
    private static final class Common {
        static final Set<String> PASSWORDS = load();

        private static Set<String> load() {
            String resource = "common-passwords.txt";
            Set<String> passwords = new HashSet<>(16_384);
            try (InputStream in = PasswordRules.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing beside " + PasswordRules.class.getName());
                }
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        passwords.add(line.trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + resource, e);
            }
            return Set.copyOf(passwords);
        }
    }
}
