package org.calldesk.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * Asterisk's side of one FastAGI {@code route} session, with the request headers of the Asterisk 22
 * capture: answers {@code SET VARIABLE} and every other command {@code 200 result=1}, and {@code GET VARIABLE}
 * {@code 200 result=0} (not set) so that no call is opened in LiveCalls for a caller who never queues.
 */
final class AgiCaller {

    /**
     * Nanosecond times from the request's last header line written: to the first SET VARIABLE (the route is
     * decided before any variable is set), to the last one, and to the server closing; reason is CALLDESK_REASON.
     */
    record Result(long toFirstVariableNanos, long toLastVariableNanos, long toCloseNanos, String reason) {
    }

    private final Vertx vertx;
    private final NetClient client;
    private final int port;

    AgiCaller(Vertx vertx, NetClient client, int port) {
        this.vertx = vertx;
        this.client = client;
        this.port = port;
    }

    Future<Result> route(String uniqueid, String callerNumber, String ivr) {
        Promise<Result> done = Promise.promise();
        long timer = vertx.setTimer(5000, t -> done.tryFail("no close within 5 s"));
        client.connect(port, "127.0.0.1")
                .onSuccess(socket -> session(socket, uniqueid, callerNumber, ivr, done))
                .onFailure(done::tryFail);
        return done.future().onComplete(r -> vertx.cancelTimer(timer));
    }

    private void session(NetSocket socket, String uniqueid, String callerNumber, String ivr, Promise<Result> done) {
        long[] firstVariable = {0};
        long[] lastVariable = {0};
        String[] reason = {null};
        long sent = System.nanoTime();
        socket.handler(RecordParser.newDelimited("\n", line -> {
            String command = line.toString().trim();
            if (command.startsWith("SET VARIABLE")) {
                lastVariable[0] = System.nanoTime();
                if (firstVariable[0] == 0) {
                    firstVariable[0] = lastVariable[0];
                }
                if (command.startsWith("SET VARIABLE CALLDESK_REASON ")) {
                    reason[0] = command.substring("SET VARIABLE CALLDESK_REASON ".length());
                }
                socket.write("200 result=1\n");
            } else if (command.startsWith("GET VARIABLE")) {
                socket.write("200 result=0\n");
            } else if (!command.isEmpty()) {
                socket.write("200 result=1\n");
            }
        }));
        socket.closeHandler(v -> {
            long closed = System.nanoTime();
            if (lastVariable[0] == 0) {
                done.tryFail("closed without setting a variable");
            } else {
                done.tryComplete(new Result(firstVariable[0] - sent, lastVariable[0] - sent, closed - sent, reason[0]));
            }
        });
        socket.exceptionHandler(e -> done.tryFail(e));
        socket.write(Buffer.buffer(request(uniqueid, callerNumber, ivr)));
    }

    private String request(String uniqueid, String callerNumber, String ivr) {
        return "agi_network: yes\n"
                + "agi_network_script: route?secret=" + BenchConfig.AGI_SECRET + "\n"
                + "agi_request: agi://127.0.0.1:" + port + "/route?secret=" + BenchConfig.AGI_SECRET + "\n"
                + "agi_channel: Local/s@inbound-00000003;2\n"
                + "agi_language: en\n"
                + "agi_type: Local\n"
                + "agi_uniqueid: " + uniqueid + "\n"
                + "agi_version: 22.10.1\n"
                + "agi_callerid: " + callerNumber + "\n"
                + "agi_calleridname: Bench Caller\n"
                + "agi_callingpres: 0\n"
                + "agi_callingani2: 0\n"
                + "agi_callington: 0\n"
                + "agi_callingtns: 0\n"
                + "agi_dnid: unknown\n"
                + "agi_rdnis: unknown\n"
                + "agi_context: inbound\n"
                + "agi_extension: s\n"
                + "agi_priority: 3\n"
                + "agi_enhanced: 0.0\n"
                + "agi_accountcode: \n"
                + "agi_threadid: 140448694109888\n"
                + "agi_arg_1: " + ivr + "\n"
                + "\n";
    }
}
