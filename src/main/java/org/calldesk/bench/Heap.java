package org.calldesk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap figures: used after a full GC (what the server keeps), the peak seen while a scenario ran, and -Xmx. */
final class Heap implements AutoCloseable {

    private static final long MB = 1024 * 1024;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile long peak;
    private volatile boolean running = true;

    Heap() {
        sampler = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Peak used since the last call (garbage included), then resets it. */
    long peakMbAndReset() {
        long p = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        peak = 0;
        return p / MB;
    }

    long usedAfterGcMb() {
        System.gc();
        Await.sleep(200);
        System.gc();
        return memory.getHeapMemoryUsage().getUsed() / MB;
    }

    static long maxMb() {
        return Runtime.getRuntime().maxMemory() / MB;
    }

    /** Adds the heap rows and the 512 MB budget to a scenario's table. */
    void report(Table table) {
        long peakMb = peakMbAndReset();
        long after = usedAfterGcMb();
        table.value("heap used after GC / peak during run / max", after + " MB / " + peakMb + " MB / " + maxMb() + " MB");
        table.budget("heap <= 512 MB (-Xmx " + maxMb() + " MB)", maxMb() <= 512 && after <= 512,
                "after GC " + after + " MB, peak " + peakMb + " MB, no OutOfMemoryError");
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
