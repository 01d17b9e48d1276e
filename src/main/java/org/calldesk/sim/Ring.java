package org.calldesk.sim;

/** One leg being rung for a call: a queue member (member != null) or a direct Dial. */
final class Ring {
    final Call call;
    final SimQueue queue;
    final Member member;
    final SimDevice device;
    /** The channel facing the caller: ";1" of a Local pair, or the one channel of any other technology. */
    final Chan one;
    /** ";2" of a Local pair, which runs the target; the same channel as {@code one} otherwise. */
    final Chan two;
    final long startedMs;
    long answerTimer = -1;
    boolean active = true;
    /** The phone said it rings (Newstate Ringing): its device state moved, and must move back when the ring ends. */
    boolean signalled;

    Ring(Call call, SimQueue queue, Member member, SimDevice device, Chan[] legs, long startedMs) {
        this.call = call;
        this.queue = queue;
        this.member = member;
        this.device = device;
        this.one = legs[0];
        this.two = legs[1];
        this.startedMs = startedMs;
    }

    boolean local() {
        return one != two;
    }
}
