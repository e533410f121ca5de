package io.eaadam.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.image.ImageLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedPairSourceTest {

    private static final ImageLimits LIMITS = ConfigLoader.defaults().data().imageLimits();

    /** HR 16x16 and LR 4x4, RGB floats: (768 + 48) * 4 bytes. */
    private static final long PAIR_BYTES = (3 * 16 * 16 + 3 * 4 * 4) * 4L;

    @TempDir
    Path dir;

    private final PairLoader loader = new PairLoader(4, LIMITS);

    @Test
    void staysWithinItsBudgetAndReturnsEqualPairsAfterEviction() throws IOException {
        List<ImagePair> expected = writeFolder(5);

        CachedPairSource.Loaded loaded = CachedPairSource.load(loader, hr(), "", 0, 2 * PAIR_BYTES + 100);
        CachedPairSource source = loaded.source();

        assertEquals(5, source.size());
        assertEquals(5, loaded.report().pairCount());
        assertEquals(2, source.cachedPairs(), "the last two loaded stay");
        assertEquals(2 * PAIR_BYTES, source.cachedBytes());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                assertEqualPairs(expected.get(i), source.get(i));
                assertTrue(source.cachedBytes() <= 2 * PAIR_BYTES + 100);
            }
        }
        // Most recently used pairs are served from memory, evicted ones decoded again.
        assertSame(source.get(4), source.get(4));
        ImagePair first = source.get(0);
        source.get(1);
        source.get(2);
        assertNotSame(first, source.get(0));
    }

    @Test
    void aZeroBudgetKeepsNothingAndAPairLargerThanTheBudgetIsStillReturned() throws IOException {
        List<ImagePair> expected = writeFolder(2);
        CachedPairSource none = new CachedPairSource(loader, loader.loadAll(hr(), "", 0, 0).report().loaded(), 0);
        assertEqualPairs(expected.get(1), none.get(1));
        assertEquals(0, none.cachedPairs());
        assertEquals(0, none.cachedBytes());
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<ImagePair> expected = writeFolder(4);
        CachedPairSource source = CachedPairSource.load(loader, hr(), "", 0, PAIR_BYTES + PAIR_BYTES / 2).source();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<ImagePair>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int index = task % 4;
                results.add(threads.submit(() -> source.get(index)));
            }
            for (int task = 0; task < 64; task++) {
                assertEqualPairs(expected.get(task % 4), results.get(task).get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, source.cachedPairs());
    }

    @Test
    void aPairThatNoLongerLoadsFailsWithItsFile() throws IOException {
        writeFolder(1);
        CachedPairSource source = CachedPairSource.load(loader, hr(), "", 0, 0).source();
        Files.writeString(dir.resolve("hr/0.png"), "gone");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> source.get(0));
        assertTrue(e.getCause().getMessage().endsWith("0.png: not a PNG, JPEG, TIFF, WebP or BMP image"), e.getCause().getMessage());
    }

    private List<ImagePair> writeFolder(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            DataFiles.writePng(dir.resolve("hr/" + i + ".png"), 16, 16, i);
        }
        return loader.loadAll(hr(), "", 0, 0).pairs();
    }

    private String hr() {
        return dir.resolve("hr").toString();
    }

    private static void assertEqualPairs(ImagePair expected, ImagePair actual) {
        assertEquals(expected.name(), actual.name());
        assertArrayEquals(expected.lr().data(), actual.lr().data());
        assertArrayEquals(expected.hr().data(), actual.hr().data());
    }
}
