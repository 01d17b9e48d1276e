package org.calldesk.cluster;

import io.vertx.core.eventbus.MessageCodec;

/**
 * What calldesk's cluster codecs share: a name of their own (no system codec), and local delivery that hands the
 * object itself on, since what they carry is not changed after sending (records, or AMI actions and responses).
 */
abstract class ClusterCodec<T> implements MessageCodec<T, T> {

    private final String name;

    ClusterCodec(String name) {
        this.name = name;
    }

    @Override
    public final T transform(T object) {
        return object;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final byte systemCodecID() {
        return -1;
    }
}
