package org.calldesk.agents;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.calldesk.Http;
import org.calldesk.TestServer;
import org.calldesk.app.Settings;
import org.calldesk.platform.Config;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Role;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, item 18: passwords long and uncommon enough, hashed at today's cost, old hashes redone at login. */
@ServerTest
class PasswordPolicyTest {

    private static final AtomicInteger users = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abcd", "demo", "secret-pw", "elevenchars", "password1234", "Password2024!", "qwertyuiop12",
            "1qaz2wsx3edc", "aaaaaaaaaaaa", "abcabcabcabc", "passwordpassword", "123456789012", "abcdefghijklm",
            "!!Sunshine1234!!", "policy-user-rocks-2026"})
    @DisplayName("a short, common, repetitive or guessable password is refused, for admins too")
    void weakPasswordsRefused(String password) {
        String username = "policy-user";
        Invalid refused = assertThrows(Invalid.class, () -> create(username, Role.ADMIN, password));
        assertEquals(List.of("password"), refused.fields());
    }

    @Test
    @DisplayName("a long passphrase of ordinary words is accepted and logs in")
    void passphraseAccepted() {
        String username = "policy-ok-" + users.incrementAndGet();
        create(username, Role.AGENT, "staple horse battery correct");
        assertEquals(200, Http.anonymous().post("/api/login", new JsonObject().put("username", username)
                .put("password", "staple horse battery correct")).statusCode());
    }

    @Test
    @DisplayName("the shipped PBKDF2 cost is OWASP's 600 000 iterations")
    void shippedIterations() {
        assertEquals(600_000, Settings.from(Config.defaults()).security().pbkdf2Iterations());
    }

    @Test
    @DisplayName("a hash made with fewer iterations than configured is made again at the next login")
    void rehashedAtLogin() throws Exception {
        String username = "legacy-hash-" + users.incrementAndGet();
        String password = "an old account's passphrase";
        String legacy = pbkdf2(password, 500);
        TestServer.await(TestServer.get().server.pg().preparedQuery(
                "INSERT INTO agents (username, display_name, role, password_hash) VALUES ($1, $1, 'agent', $2)")
                .execute(Tuple.of(username, legacy)));

        assertEquals(200, Http.anonymous().post("/api/login", new JsonObject().put("username", username)
                .put("password", password)).statusCode());

        String now = storedHash(username);
        int configured = TestServer.get().server.settings().security().pbkdf2Iterations();
        assertTrue(now.startsWith("pbkdf2-sha256$" + configured + "$"), now);
        assertEquals(200, Http.anonymous().post("/api/login", new JsonObject().put("username", username)
                .put("password", password)).statusCode(), "the new hash verifies");
        assertEquals(401, Http.anonymous().post("/api/login", new JsonObject().put("username", username)
                .put("password", password + "x")).statusCode());
    }

    private static void create(String username, Role role, String password) {
        TestServer.await(TestServer.get().server.agents().create(
                new AgentStore.NewAgent(username, username, role, null, List.of(), List.of(), null), password));
    }

    private static String storedHash(String username) {
        return TestServer.await(TestServer.get().server.pg().preparedQuery("SELECT password_hash FROM agents WHERE username = $1")
                .execute(Tuple.of(username))).iterator().next().getString("password_hash");
    }

    /** A hash in the stored format, as an older, cheaper setting made it. */
    private static String pbkdf2(String password, int iterations) throws Exception {
        byte[] salt = "sixteen byte slt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
