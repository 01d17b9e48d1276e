package org.calldesk.sim;

/** A simulated phone behind one interface (dial string). Test hooks run on the simulator's context. */
public final class SimDevice {
    /** AST_DEVICE_* as app_queue's Status reports them. */
    static final int NOT_INUSE = 1;
    static final int INUSE = 2;
    static final int RINGING = 6;

    final String iface;
    private final Pbx pbx;
    private final boolean local;
    volatile boolean autoAnswer = true;
    /** Legs ringing now, signalled or not: with ringinuse=no app_queue does not ring the phone again meanwhile. */
    int ringing;
    /** Ringing legs that said so. */
    int signalled;
    int busy;
    /** The state Asterisk last told the queues (QueueMemberStatus); the next change is measured against it. */
    int published = NOT_INUSE;

    SimDevice(String iface, Pbx pbx) {
        this.iface = iface;
        this.pbx = pbx;
        this.local = iface.regionMatches(true, 0, "Local/", 0, 6);
    }

    public String iface() {
        return iface;
    }

    /** false: the phone rings but is never picked up (ring-no-answer). */
    public SimDevice autoAnswer(boolean on) {
        autoAnswer = on;
        return this;
    }

    /** Picks up whatever is ringing on this phone now, as a person would. */
    public void answer() {
        pbx.onContext(() -> pbx.answerRinging(this));
    }

    /** The person presses hold ({@code true}) or takes the caller back ({@code false}) on the call connected here. */
    public void hold(boolean on) {
        pbx.onContext(() -> pbx.hold(this, on));
    }

    public boolean inUse() {
        return busy > 0;
    }

    boolean available() {
        return busy == 0 && ringing == 0;
    }

    boolean local() {
        return local;
    }

    /**
     * Rings this phone for a dial that gives up after {@code timeoutMs}: it is picked up after answer_after_ms if
     * that comes first and the phone answers at all. Gives the timer, for a dial that ends sooner.
     */
    long ringFor(long timeoutMs, Runnable answered, Runnable timedOut) {
        long answerMs = Math.max(1, pbx.settings.answerAfterMs());
        long limitMs = Math.max(1, timeoutMs);
        boolean picksUp = autoAnswer && answerMs < limitMs;
        return pbx.vertx.setTimer(picksUp ? answerMs : limitMs, t -> (picksUp ? answered : timedOut).run());
    }

    /**
     * The device state Asterisk derives now. A Local interface is in use as soon as one of its channels is (core_local's
     * devicestate callback knows no ringing); any other technology reports its phone's own ringing.
     */
    int state() {
        if (busy > 0) {
            return INUSE;
        }
        if (signalled > 0) {
            return local ? INUSE : RINGING;
        }
        return NOT_INUSE;
    }
}
