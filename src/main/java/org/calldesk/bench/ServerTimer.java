package org.calldesk.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.util.concurrent.TimeUnit;

/** A server-side Micrometer timer read for a table row: p50, p95, p99 and max in ms, and how many it timed. */
record ServerTimer(double[] millis, long count) {

    static ServerTimer of(MeterRegistry registry, String name) {
        Timer timer = registry.find(name).timer();
        double[] millis = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (timer == null) {
            return new ServerTimer(millis, 0);
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            int i = v.percentile() == 0.5 ? 0 : v.percentile() == 0.95 ? 1 : 2;
            millis[i] = v.value(TimeUnit.MILLISECONDS);
        }
        millis[3] = snapshot.max(TimeUnit.MILLISECONDS);
        return new ServerTimer(millis, snapshot.count());
    }
}
