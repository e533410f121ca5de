package io.eaadam.common.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The EA set's images divided among the workers of an EA stage: whole images (an image is one batch, so its
 * losses are those of a single evaluation), balanced by tile count: the largest images first, each to the
 * worker with the fewest tiles so far (the lowest rank on a tie). The same counts always give the same shares.
 */
public final class EaSetShares {

    private EaSetShares() {}

    /** For each worker, the indices of its images in ascending order; a worker may get none. */
    public static List<List<Integer>> assign(int[] tilesPerImage, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("an EA stage needs at least one worker, not " + workers);
        }
        List<Integer> largestFirst = IntStream.range(0, tilesPerImage.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -tilesPerImage[i]).thenComparingInt(i -> i)).toList();
        List<ArrayList<Integer>> shares = LoadBalance.assign(largestFirst, image -> tilesPerImage[image], workers);
        shares.forEach(share -> share.sort(null));
        return shares.stream().map(List::<Integer>copyOf).toList();
    }
}
