package io.eaadam.common.data;

import java.io.Serializable;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * Where one pair comes from: an HR file and its LR partner, or no LR file when the LR is made from
 * the HR. Serializable, so that a list of pairs found usable can be shipped to executors.
 *
 * @param hr the HR image file
 * @param lr the LR image file, or {@code null} to downscale the HR
 */
public record PairFiles(Path hr, Path lr) implements Serializable {

    public PairFiles {
        Objects.requireNonNull(hr, "hr");
    }
}
