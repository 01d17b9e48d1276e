package org.calldesk.telephony;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.calldesk.TestServer;
import org.calldesk.testing.Captures;
import org.calldesk.testing.FirstBytes;
import org.calldesk.testing.QuietLogs;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ServerTest
class AmiTlsTest {

    static {
        QuietLogs.apply();
    }

    @Test
    @DisplayName("with telephony.ami.tls the bridge opens the AMI link with a TLS handshake; without, it waits for the banner")
    void tls() throws Exception {
        byte[] tls = firstBytes(true);
        assertTrue(FirstBytes.tlsHandshake(tls), Arrays.toString(tls));
        assertEquals(0, firstBytes(false).length, "a plain AMI client speaks only after Asterisk's banner");
    }

    @Test
    @DisplayName("the built-in simulator speaks plain TCP: pointing the link at it turns TLS off")
    void simulatorIsPlain() {
        JsonObject config = Captures.config(5039, "s3cret");
        config.getJsonObject("telephony").getJsonObject("ami").put("tls", true);
        TelephonyConfig telephony = TelephonyConfig.from(config);
        assertTrue(telephony.amiTls());
        assertFalse(telephony.withAmi("127.0.0.1", 5038).amiTls());
    }

    private static byte[] firstBytes(boolean tls) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FirstBytes pbx = new FirstBytes()) {
            JsonObject config = Captures.config(pbx.port(), "s3cret");
            config.getJsonObject("telephony").getJsonObject("ami").put("tls", tls);
            TestServer.await(vertx.deployVerticle(new AmiBridge(TelephonyConfig.from(config))));
            return pbx.await(10_000);
        } finally {
            TestServer.await(vertx.close());
        }
    }
}
