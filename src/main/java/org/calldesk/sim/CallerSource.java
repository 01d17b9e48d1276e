package org.calldesk.sim;

import java.util.random.RandomGenerator;

/** Supplies caller numbers for generated traffic; the server draws them from its customer base. */
@FunctionalInterface
public interface CallerSource {
    String nextCaller(RandomGenerator rnd);
}
