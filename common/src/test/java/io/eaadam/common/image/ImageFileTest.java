package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.testing.TestImages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Images are refused by their size on disk and their header's pixels before anything is decoded. */
class ImageFileTest {

    private static final ImageLimits LIMITS = new ImageLimits(1 << 20, "data.max-image-bytes", 1_000_000,
            "data.max-image-pixels");

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheByteLimitIsNotRead() throws IOException {
        Path sparse = dir.resolve("huge.png");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(3L << 30); // 3 GB, sparse: nothing is written, and nothing may be read
        }
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageFile.read(Storage.path(sparse.toString()), LIMITS));
        assertEquals(sparse + ": 3221225472 bytes, more than data.max-image-bytes = 1048576", e.getMessage());
    }

    @Test
    void aSmallFileDeclaringTooManyPixelsIsNotDecoded() throws IOException {
        Path bomb = dir.resolve("bomb.png");
        TestImages.blackPng(bomb, 2000, 1000);
        assertTrue(Files.size(bomb) < 20_000, "a few kilobytes declaring 2 million pixels");
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageFile.read(Storage.path(bomb.toString()), LIMITS));
        assertEquals(bomb + ": 2000x1000 = 2000000 pixels, more than data.max-image-pixels = 1000000",
                e.getMessage());
    }

    @Test
    void whatIsDecodedIsWhatWasChecked() throws IOException {
        Path small = dir.resolve("small.png");
        TestImages.blackPng(small, 40, 30);
        ImageFile file = ImageFile.read(Storage.path(small.toString()), LIMITS);
        assertEquals(new ImageHeader("PNG", 40, 30, 1), file.header());
        assertEquals(40, file.decode().rgb().width());
    }
}
