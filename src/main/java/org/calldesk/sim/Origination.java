package org.calldesk.sim;

import java.util.function.Consumer;

/**
 * One originated call: the first leg and, once its context dials out, the customer's. A Local first leg is a pair,
 * ";1" in {@code one} and ";2" in {@code two}; any other is one channel, held in both.
 */
final class Origination {
    final Originate req;
    final Consumer<Boolean> done;
    final Chan one;
    final Chan two;
    final SimDevice device;
    /** The phone said it rings: its device state moved, and must move back when the ring ends. */
    boolean signalled;
    boolean up;
    long timer = -1;
    OutboundDial dial;

    Origination(Originate req, Consumer<Boolean> done, Chan[] pair, SimDevice device) {
        this.req = req;
        this.done = done;
        this.one = pair[0];
        this.two = pair[1];
        this.device = device;
    }

    boolean local() {
        return one != two;
    }

    /** The first leg's phone stops ringing, answered or not. */
    void ringEnds() {
        device.ringing--;
        if (signalled) {
            signalled = false;
            device.signalled--;
        }
    }
}
