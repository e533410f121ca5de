package io.eaadam.common.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Greedy balancing (longest processing time first): items, heaviest first, each go to the bin with the least
 * weight so far, the lowest-numbered bin on a tie. The same items in the same order always give the same bins.
 * Shares the EA set among an EA stage's workers and an archive among upscale tasks.
 */
public final class LoadBalance {

    private LoadBalance() {}

    /**
     * @param heaviestFirst the items, sorted by the caller (which decides the order of equal weights)
     * @return {@code bins} lists, each in the order its items came; a bin may be empty
     */
    public static <T> List<ArrayList<T>> assign(List<T> heaviestFirst, ToLongFunction<T> weight, int bins) {
        List<ArrayList<T>> assigned = new ArrayList<>();
        long[] loads = new long[bins];
        for (int b = 0; b < bins; b++) {
            assigned.add(new ArrayList<>());
        }
        for (T item : heaviestFirst) {
            int lightest = 0;
            for (int b = 1; b < bins; b++) {
                if (loads[b] < loads[lightest]) {
                    lightest = b;
                }
            }
            assigned.get(lightest).add(item);
            loads[lightest] += weight.applyAsLong(item);
        }
        return assigned;
    }
}
