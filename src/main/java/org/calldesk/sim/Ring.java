package org.calldesk.sim;

/** One leg being rung for a call: a queue member (member != null) or a direct Dial. */
final class Ring {
    final Call call;
    final SimQueue queue;
    final Member member;
    final SimDevice device;
    final Chan one;
    final Chan two;
    final long startedMs;
    long answerTimer = -1;
    boolean active = true;

    Ring(Call call, SimQueue queue, Member member, SimDevice device, Chan one, Chan two, long startedMs) {
        this.call = call;
        this.queue = queue;
        this.member = member;
        this.device = device;
        this.one = one;
        this.two = two;
        this.startedMs = startedMs;
    }

    String memberName() {
        return member == null ? device.iface : member.name;
    }
}
