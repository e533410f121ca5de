package io.eaadam.common.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pairs decoded on demand and kept in memory up to a byte budget, least recently used dropped first
 * ({@code data.cache-mb}). A dropped pair is loaded again with the same loader, which decodes it to
 * the same samples. A pair larger than the whole budget is returned but not kept. Thread-safe; two
 * threads missing the same pair at once may both decode it, which costs time but changes nothing.
 */
public final class CachedPairSource implements PairSource {

    private final PairLoader loader;
    private final List<PairFiles> files;
    private final Lru cache;

    /**
     * A source with an empty cache over pairs already known to load, such as the
     * {@link LoadReport#loaded()} list a driver found and shipped.
     *
     * @param budgetBytes the most memory the kept samples may take (0 keeps none)
     */
    public CachedPairSource(PairLoader loader, List<PairFiles> files, long budgetBytes) {
        this(loader, files, new Lru(budgetBytes));
    }

    private CachedPairSource(PairLoader loader, List<PairFiles> files, Lru cache) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.files = List.copyOf(files);
        this.cache = cache;
    }

    /** A source and the report of the folder scan that found its pairs. */
    public record Loaded(CachedPairSource source, LoadReport report) {
    }

    /**
     * Loads every pair of the folders once, as {@link PairLoader#loadEach} does, keeping in the cache
     * those that fit (the last loaded, by LRU order).
     */
    public static Loaded load(PairLoader loader, String hrDir, String lrDir, int minHrSide, long budgetBytes)
            throws IOException {
        Lru cache = new Lru(budgetBytes);
        AtomicInteger index = new AtomicInteger();
        LoadReport report = loader.loadEach(hrDir, lrDir, minHrSide, 0,
                (files, pair) -> cache.put(index.getAndIncrement(), pair));
        return new Loaded(new CachedPairSource(loader, report.loaded(), cache), report);
    }

    @Override
    public int size() {
        return files.size();
    }

    /**
     * @throws UncheckedIOException when an evicted pair no longer loads (its file changed or vanished)
     */
    @Override
    public ImagePair get(int index) {
        ImagePair pair = cache.get(Objects.checkIndex(index, files.size()));
        if (pair != null) {
            return pair;
        }
        try {
            // Decoded outside the lock, so that threads missing different pairs decode in parallel.
            pair = loader.load(files.get(index));
        } catch (UnusableFileException e) {
            throw new UncheckedIOException("pair " + index + " loaded before but not now", e);
        }
        cache.put(index, pair);
        return pair;
    }

    /** The memory the kept pairs take now, at most the budget. */
    public long cachedBytes() {
        return cache.bytes();
    }

    /** How many pairs are kept now. */
    public int cachedPairs() {
        return cache.count();
    }

    /** An access-ordered map that drops its eldest entries to stay within a byte budget. */
    private static final class Lru {

        private final long budgetBytes;
        private final LinkedHashMap<Integer, ImagePair> pairs = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        Lru(long budgetBytes) {
            if (budgetBytes < 0) {
                throw new IllegalArgumentException("cache budget must be >= 0 bytes, got " + budgetBytes);
            }
            this.budgetBytes = budgetBytes;
        }

        synchronized ImagePair get(int index) {
            return pairs.get(index);
        }

        synchronized void put(int index, ImagePair pair) {
            long size = pair.sizeInBytes();
            if (size > budgetBytes || pairs.containsKey(index)) {
                return;
            }
            pairs.put(index, pair);
            bytes += size;
            Iterator<Map.Entry<Integer, ImagePair>> eldest = pairs.entrySet().iterator();
            while (bytes > budgetBytes) {
                bytes -= eldest.next().getValue().sizeInBytes();
                eldest.remove();
            }
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized int count() {
            return pairs.size();
        }
    }
}
