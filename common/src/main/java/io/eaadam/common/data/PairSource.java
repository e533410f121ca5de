package io.eaadam.common.data;

import java.util.List;

/**
 * A fixed, indexed set of pairs. Implementations must be safe to call from several threads and
 * return equal pairs for equal indices, whenever called.
 */
public interface PairSource {

    int size();

    /** Pair {@code index}, from 0 to {@code size() - 1}. */
    ImagePair get(int index);

    /** Pairs held in memory. */
    static PairSource of(List<ImagePair> pairs) {
        List<ImagePair> copy = List.copyOf(pairs);
        return new PairSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public ImagePair get(int index) {
                return copy.get(index);
            }
        };
    }
}
