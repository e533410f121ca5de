package io.eaadam.common.data;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link PairLoader} found in a folder: the pairs that loaded, in sorted order, and every file
 * it skipped with the reason. Serializable, so that the driver can ship the usable list to executors.
 *
 * @param hrDir the HR folder as given
 * @param lrDir the LR folder as given, {@code ""} when the LR images were made from the HR
 * @param loaded the files of every usable pair, in the order they were loaded
 * @param skipped the files left out, in the order they were met
 */
public record LoadReport(String hrDir, String lrDir, List<PairFiles> loaded, List<Skipped> skipped)
        implements Serializable {

    /** A file left out and why, e.g. {@code "hdfs://nn/hr/0007.png: truncated or corrupt PNG data (...)"}. */
    public record Skipped(String file, String reason) implements Serializable {

        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }

    public LoadReport {
        loaded = List.copyOf(loaded);
        skipped = List.copyOf(skipped);
    }

    /** The number of usable pairs. */
    public int pairCount() {
        return loaded.size();
    }

    /** One line for the log, e.g. "12 pairs from /hr (LR made from HR), 2 files skipped". */
    public String summary() {
        return pairCount() + (pairCount() == 1 ? " pair" : " pairs") + " from " + hrDir + " (LR "
                + (lrDir.isEmpty() ? "made from HR" : "from " + lrDir) + "), " + skipped.size()
                + (skipped.size() == 1 ? " file" : " files") + " skipped";
    }
}
