package org.calldesk.app;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import org.calldesk.TestServer;
import org.calldesk.testing.Await;
import org.calldesk.testing.ServerTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: {@code java -jar calldesk.jar simulator} runs the switch simulator alone: AMI for the node that holds the
 * link, demo traffic whose FastAGI requests go to the nodes given (a node that does not answer is passed over), and a
 * clean stop on SIGTERM.
 */
@ServerTest
class SimulatorCommandTest {

    private static final String SECRET = "simulator-command-secret-42";

    @Test
    @DisplayName("simulator takes AMI logins, sends its calls' FastAGI requests to the nodes given (skipping one that is down), and stops on SIGTERM")
    void simulatorForNodes() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data", "simulator-" + System.nanoTime()));
        Vertx vertx = Vertx.vertx();
        List<String> requests = new CopyOnWriteArrayList<>();
        NetServer node = vertx.createNetServer().connectHandler(socket -> socket.handler(RecordParser.newDelimited("\n", line -> {
            if (line.toString().startsWith("agi_request: ")) {
                requests.add(line.toString().substring("agi_request: ".length()));
                socket.close();
            }
        })));
        int live = TestServer.await(node.listen(0, "127.0.0.1")).actualPort();
        int down = EmbeddedServices.freePort();
        int ami = EmbeddedServices.freePort();
        Map<String, String> env = Map.of("CALLDESK_TELEPHONY_SIM_AMI_PORT", Integer.toString(ami),
                "CALLDESK_TELEPHONY_AGI_SECRET", SECRET, "CALLDESK_DEMO_CALLS_PER_MINUTE", "600");
        try (Command simulator = Command.start(dir, "simulator", env,
                List.of("simulator", "--agi", "127.0.0.1:" + down + ",127.0.0.1:" + live, "--agents", "2"))) {
            simulator.awaitOut("Ctrl-C or SIGTERM stops it.", Duration.ofSeconds(60));
            assertTrue(simulator.out().contains("FastAGI to 127.0.0.1:" + down + ", 127.0.0.1:" + live), simulator.out());

            Await.until("calls' FastAGI requests at the node that is up", Duration.ofSeconds(30), () -> requests.size() >= 5);
            assertTrue(requests.stream().allMatch(r -> r.startsWith("agi://127.0.0.1:" + live + "/") && r.contains("secret=" + SECRET)),
                    requests.toString());

            try (Socket socket = new Socket("127.0.0.1", ami)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(in.readLine().startsWith("Asterisk Call Manager"), "the AMI banner");
                Writer writer = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
                writer.write("Action: Login\r\nActionID: 1\r\nUsername: calldesk\r\nSecret: calldesk\r\n\r\n");
                writer.flush();
                String line;
                boolean accepted = false;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    accepted |= line.equals("Response: Success");
                }
                assertTrue(accepted, "calldesk's AMI user logs in");
            }

            assertEquals(143, simulator.terminate(Duration.ofSeconds(30)), "ended by the signal, after its shutdown hook");
            assertTrue(simulator.err().contains("switch simulator stopped"), simulator.err());
        } finally {
            TestServer.await(vertx.close());
        }
    }

    @Test
    @DisplayName("simulator without a FastAGI secret, or with an option it does not know, says what is wrong and exits 2")
    void refusesWithoutSecret() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "test-data", "simulator-" + System.nanoTime()));
        try (Command noSecret = Command.start(dir, "no-secret", Map.of(), List.of("simulator"))) {
            assertEquals(2, noSecret.awaitExit(Duration.ofSeconds(60)));
            assertTrue(noSecret.err().contains("telephony.agi.secret"), noSecret.err());
        }
        try (Command badOption = Command.start(dir, "bad-option", Map.of("CALLDESK_TELEPHONY_AGI_SECRET", SECRET),
                List.of("simulator", "--agi", "nohost"))) {
            assertEquals(2, badOption.awaitExit(Duration.ofSeconds(60)));
            assertTrue(badOption.err().contains("host:port"), badOption.err());
        }
    }
}
