package org.calldesk.bench;

import java.util.Arrays;

/** Latencies in nanoseconds from any thread; percentiles by the nearest-rank method over all samples. */
final class Samples {

    private long[] values = new long[4096];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** Percentiles and max in milliseconds: p50, p95, p99, max; NaN when empty. */
    synchronized double[] millis() {
        if (size == 0) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return new double[]{rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[size - 1] / 1e6};
    }

    private static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
