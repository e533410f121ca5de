package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eaadam.common.testing.TestImages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** PNGs written in strips decode (through ImageIO and our chunk checks) to the pixels encodePng writes. */
class PngStreamWriterTest {

    @ParameterizedTest
    @CsvSource({"8,false", "8,true", "16,false", "16,true"})
    void stripsGiveTheSamePixelsAsAWholeImageEncode(int bitDepth, boolean alpha) throws IOException {
        int width = 53;
        int height = 41;
        Image rgb = TestImages.lcgNoise(3, height, width, 7);
        Image a = alpha ? TestImages.lcgNoise(1, height, width, 11) : null;
        Image planes = alpha ? stack(rgb, a) : rgb;
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        PngStreamWriter writer = new PngStreamWriter(streamed, width, height, bitDepth, alpha, 6);
        // Uneven strips, some from the middle of a larger band, as the tiled upscaler hands them over.
        writer.write(planes.crop(0, 0, width, 5));
        writer.write(planes.data(), height, 5, 30);
        writer.write(planes.crop(0, 35, width, 6));
        writer.finish();
        DecodedImage decoded = ImageCodec.decode(streamed.toByteArray(), "streamed.png");
        assertEquals(bitDepth, decoded.bitDepth());
        assertArrayEquals(rgb.quantized(bitDepth).data(), decoded.rgb().data());
        if (alpha) {
            assertArrayEquals(a.quantized(bitDepth).data(), decoded.alpha().data());
        }
    }

    @Test
    void missingRowsAreRefusedAtTheEnd() throws IOException {
        PngStreamWriter writer = new PngStreamWriter(new ByteArrayOutputStream(), 4, 4, 8, false, 1);
        writer.write(TestImages.lcgNoise(3, 3, 4, 5));
        assertThrows(IllegalStateException.class, writer::finish);
        assertThrows(IllegalArgumentException.class, () -> writer.write(TestImages.lcgNoise(4, 1, 4, 5)));
    }

    private static Image stack(Image rgb, Image alpha) {
        float[] data = new float[4 * rgb.height() * rgb.width()];
        System.arraycopy(rgb.data(), 0, data, 0, rgb.data().length);
        System.arraycopy(alpha.data(), 0, data, rgb.data().length, alpha.data().length);
        return Image.of(4, rgb.height(), rgb.width(), data);
    }
}
