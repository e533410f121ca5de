package io.eaadam.common.data;

import java.util.List;

/**
 * Pairs loaded into memory, with the report of what was found.
 *
 * @param pairs in the order of {@link LoadReport#loaded()}
 */
public record LoadResult(List<ImagePair> pairs, LoadReport report) {

    public LoadResult {
        pairs = List.copyOf(pairs);
    }

    /** The pairs as a source for {@link PatchSampler}. */
    public PairSource source() {
        return PairSource.of(pairs);
    }
}
