package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.testing.FormatImages;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Streamed TIFF output: a valid Deflate TIFF that reads back bit-exact, and colour profiles kept across formats. */
class TiffStripWriterTest {

    @ParameterizedTest
    @CsvSource({"8, false", "16, false", "8, true", "16, true"})
    void stripsReadBackBitExact(int bitDepth, boolean alpha) throws IOException {
        int width = 300;
        int height = 101; // several strips, the last one short
        DecodedImage source = ImageCodec.decode(FormatImages.tiff(FormatImages.pattern(width, height, bitDepth, null),
                "Deflate", 0, 1), "source.tif");
        Image alphaPlane = alpha ? source.rgb().channel(1) : null;
        byte[] tiff = writeInStrips(source.rgb(), alphaPlane, bitDepth, null);

        Map<Integer, long[]> tags = tags(tiff);
        assertEquals(8, tags.get(259)[0], "Compression: Deflate");
        assertEquals(bitDepth, tags.get(258)[0]);
        assertEquals(alpha ? 4 : 3, tags.get(277)[0]);
        assertTrue(tags.get(273).length > 1, "several strips");
        DecodedImage back = ImageCodec.decode(tiff, "out.tif");
        assertEquals(bitDepth, back.bitDepth());
        assertArrayEquals(source.rgb().data(), back.rgb().data());
        if (alpha) {
            assertArrayEquals(alphaPlane.data(), back.alpha().data());
        }
        assertEquals(new ImageHeader("TIFF", width, height, 1), ImageHeader.read(new ByteArrayInputStream(tiff), "t"));
        // The JDK's own TIFF decoder, a second reader, agrees sample for sample.
        BufferedImage jdk = readWithJdk(tiff);
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < height; y += 7) {
                for (int x = 0; x < width; x += 11) {
                    assertEquals(FormatImages.sample(x, y, b, bitDepth), jdk.getRaster().getSample(x, y, b));
                }
            }
        }
    }

    @Test
    void colourProfilesAreKeptPngToPngTiffToTiffAndIntoJpeg() throws IOException {
        byte[] clay = ImageFormatsTest.clayRgb().getData();
        RasterImage tiffIn = ImageCodec.decodeRaster(FormatImages.tiff(
                FormatImages.pattern(16, 8, 16, ImageFormatsTest.clayRgb()), "LZW", 0, 1), "in.tif");
        assertArrayEquals(clay, tiffIn.iccProfile());
        byte[] tiffOut = writeInStrips(tiffIn.whole().rgb(), null, 16, tiffIn.iccProfile());
        assertArrayEquals(clay, ImageCodec.decodeRaster(tiffOut, "out.tif").iccProfile());

        ByteArrayOutputStream pngIn = new ByteArrayOutputStream();
        PngStreamWriter png = new PngStreamWriter(pngIn, 16, 8, 8, false, 6, clay);
        png.write(tiffIn.whole().rgb());
        png.finish();
        RasterImage fromPng = ImageCodec.decodeRaster(pngIn.toByteArray(), "in.png");
        assertArrayEquals(clay, fromPng.iccProfile());
        ByteArrayOutputStream pngOut = new ByteArrayOutputStream();
        PngStreamWriter again = new PngStreamWriter(pngOut, 16, 8, 8, false, 6, fromPng.iccProfile());
        again.write(fromPng.whole().rgb());
        again.finish();
        assertArrayEquals(clay, ImageCodec.decodeRaster(pngOut.toByteArray(), "out.png").iccProfile());

        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        JpegStripWriter writer = new JpegStripWriter(jpeg, 16, 8, 0.9f, clay);
        writer.write(fromPng.whole().rgb().data(), 8, 0, 8);
        writer.finish();
        String text = new String(jpeg.toByteArray(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("ICC_PROFILE\0\1\1"), "an APP2 ICC_PROFILE segment");
        assertTrue(text.contains(new String(clay, StandardCharsets.ISO_8859_1)), "holding the profile");
        // The JDK's JPEG decoder converts from the embedded profile to sRGB, so nothing is left to carry on.
        assertNull(ImageCodec.decodeRaster(jpeg.toByteArray(), "out.jpg").iccProfile());
    }

    private static byte[] writeInStrips(Image rgb, Image alpha, int bitDepth, byte[] icc) throws IOException {
        int width = rgb.width();
        int height = rgb.height();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TiffStripWriter writer = new TiffStripWriter(out, width, height, bitDepth, alpha != null, 6, icc)) {
            for (int y = 0; y < height; y += 10) {
                int rows = Math.min(10, height - y);
                Image colour = rgb.crop(0, y, width, rows);
                float[] planes = new float[(alpha != null ? 4 : 3) * rows * width];
                System.arraycopy(colour.data(), 0, planes, 0, colour.data().length);
                if (alpha != null) {
                    System.arraycopy(alpha.crop(0, y, width, rows).data(), 0, planes, 3 * rows * width, rows * width);
                }
                writer.write(planes, rows, 0, rows);
            }
            writer.finish();
        }
        return out.toByteArray();
    }

    /** IFD0 of a little-endian TIFF: each tag's SHORT or LONG values. */
    private static Map<Integer, long[]> tags(byte[] tiff) {
        ByteBuffer bytes = ByteBuffer.wrap(tiff).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('I', bytes.get(0));
        assertEquals(42, bytes.getShort(2));
        int ifd = bytes.getInt(4);
        Map<Integer, long[]> tags = new HashMap<>();
        for (int i = 0; i < bytes.getShort(ifd); i++) {
            int entry = ifd + 2 + 12 * i;
            int type = bytes.getShort(entry + 2);
            int count = bytes.getInt(entry + 4);
            int size = type == 3 ? 2 : 4;
            if (type != 3 && type != 4) {
                continue;
            }
            int at = count * size <= 4 ? entry + 8 : bytes.getInt(entry + 8);
            long[] values = new long[count];
            for (int v = 0; v < count; v++) {
                values[v] = type == 3 ? bytes.getShort(at + 2 * v) & 0xFFFF : bytes.getInt(at + 4 * v) & 0xFFFFFFFFL;
            }
            tags.put(bytes.getShort(entry) & 0xFFFF, values);
        }
        return tags;
    }

    private static BufferedImage readWithJdk(byte[] tiff) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getModule() == ImageIO.class.getModule()) {
                reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff)));
                return reader.read(0);
            }
        }
        throw new IllegalStateException("no JDK TIFF reader");
    }
}
