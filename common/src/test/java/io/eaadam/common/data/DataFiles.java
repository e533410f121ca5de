package io.eaadam.common.data;

import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Image files for the data tests. */
final class DataFiles {

    private DataFiles() {
    }

    /** PNG bytes of {@code rgb} at {@code bitDepth}. */
    static byte[] png(Image rgb, int bitDepth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageCodec.encodePng(rgb, null, bitDepth, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes an 8-bit PNG of a smooth generated image and returns the image as stored. */
    static Image writePng(Path file, int width, int height, long seed) throws IOException {
        Image rgb = TestImages.smoothRgb(width, height, seed).quantized(8);
        Files.createDirectories(file.getParent());
        Files.write(file, png(rgb, 8));
        return rgb;
    }
}
