package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.testing.FormatImages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** TIFF, WebP, BMP and CMYK JPEG inputs: their headers, their samples exactly, and what is refused. */
class ImageFormatsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"LZW", "PackBits", "Deflate"})
    void anEightBitStrippedTiffDecodesExactly(String compression) throws IOException {
        byte[] tiff = FormatImages.tiff(FormatImages.pattern(37, 23, 8, null), compression, 0, 1);
        RasterImage image = ImageCodec.decodeRaster(tiff, "a.tif");
        assertEquals(8, image.bitDepth());
        assertFalse(image.grey());
        assertFalse(image.hasAlpha());
        assertEquals(1, image.pages());
        assertPattern(image.whole(), 8);
        assertEquals(new ImageHeader("TIFF", 37, 23, 1), ImageHeader.read(new ByteArrayInputStream(tiff), "a.tif"));
    }

    @Test
    void aSixteenBitTiledTiffKeepsEverySampleExactly() throws IOException {
        byte[] tiff = FormatImages.tiff(FormatImages.pattern(40, 24, 16, null), "Deflate", 16, 1);
        RasterImage image = ImageCodec.decodeRaster(tiff, "deep.tif");
        assertEquals(16, image.bitDepth());
        assertEquals(40, image.width());
        assertEquals(24, image.height());
        assertPattern(image.whole(), 16);
    }

    @Test
    void aMultiPageTiffGivesItsFirstPageAndItsPageCount() throws IOException {
        byte[] tiff = FormatImages.tiff(FormatImages.pattern(20, 10, 8, null), "LZW", 0, 3);
        RasterImage image = ImageCodec.decodeRaster(tiff, "pages.tif");
        assertEquals(3, image.pages());
        assertPattern(image.whole(), 8);
    }

    @Test
    void aRegionOfALargeTiledTiffIsThatRegionOfTheWholeImage() throws IOException {
        RasterImage image = ImageCodec.decodeRaster(
                FormatImages.tiff(FormatImages.pattern(700, 500, 16, null), "Deflate", 128, 1), "large.tif");
        DecodedImage region = image.region(123, 77, 300, 260);
        assertArrayEquals(image.whole().rgb().crop(123, 77, 300, 260).data(), region.rgb().data());
        assertEquals(16, region.bitDepth());
    }

    @Test
    void theTiffOrientationTagTurnsTheImageAsExifDoes() throws IOException {
        byte[] header = littleEndianTiffHeader(300, 200, 6);
        assertEquals(new ImageHeader("TIFF", 300, 200, 6), ImageHeader.read(new ByteArrayInputStream(header), "le.tif"));
    }

    @Test
    void losslessWebPDecodesExactlyAndLossyWebPToItsSize() throws IOException {
        byte[] lossless = FormatImages.webp("lossless-24x16.webp");
        assertEquals(new ImageHeader("WebP", 24, 16, 1), ImageHeader.read(new ByteArrayInputStream(lossless), "l.webp"));
        DecodedImage exact = ImageCodec.decode(lossless, "l.webp");
        assertEquals(8, exact.bitDepth());
        assertNull(exact.alpha());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                assertEquals(10 * x / 255f, exact.rgb().get(0, y, x), 1e-6);
                assertEquals(15 * y / 255f, exact.rgb().get(1, y, x), 1e-6);
                assertEquals((x < 12 ? 200 : 40) / 255f, exact.rgb().get(2, y, x), 1e-6);
            }
        }
        byte[] lossy = FormatImages.webp("lossy-24x16.webp");
        assertEquals(new ImageHeader("WebP", 24, 16, 1), ImageHeader.read(new ByteArrayInputStream(lossy), "q.webp"));
        DecodedImage approximate = ImageCodec.decode(lossy, "q.webp");
        assertEquals(24, approximate.width());
        assertEquals(200 / 255f, approximate.rgb().get(2, 8, 3), 0.08);

        byte[] alpha = FormatImages.webp("lossy-alpha-20x12.webp");
        assertEquals(new ImageHeader("WebP", 20, 12, 1), ImageHeader.read(new ByteArrayInputStream(alpha), "a.webp"));
        DecodedImage withAlpha = ImageCodec.decode(alpha, "a.webp");
        assertEquals(1f, withAlpha.alpha().get(0, 5, 2), 0.02);
        assertEquals(128 / 255f, withAlpha.alpha().get(0, 5, 15), 0.02);
    }

    @Test
    void aBmpDecodesExactly() throws IOException {
        byte[] bmp = FormatImages.bmp(FormatImages.pattern(31, 17, 8, null));
        assertEquals(new ImageHeader("BMP", 31, 17, 1), ImageHeader.read(new ByteArrayInputStream(bmp), "b.bmp"));
        assertPattern(ImageCodec.decode(bmp, "b.bmp"), 8);
    }

    @Test
    void aCmykJpegIsConvertedToSrgbThroughItsEmbeddedProfile() throws IOException {
        byte[] embedded = FormatImages.cmykJpeg(32, 16, FormatImages.cmykProfile(true));
        assertEquals(new ImageHeader("JPEG", 32, 16, 1), ImageHeader.read(new ByteArrayInputStream(embedded), "p.jpg"));
        RasterImage withProfile = ImageCodec.decodeRaster(embedded, "p.jpg");
        assertEquals(8, withProfile.bitDepth());
        assertNull(withProfile.iccProfile(), "the samples are sRGB now");
        // The embedded profile swaps red and green: pure cyan comes out magenta.
        float[] cyan = pixel(withProfile.whole(), 4, 8);
        assertTrue(cyan[0] > 0.8 && cyan[1] < 0.2 && cyan[2] > 0.8, java.util.Arrays.toString(cyan));

        // Without a profile, TwelveMonkeys' generic CMYK conversion: cyan stays cyan.
        DecodedImage generic = ImageCodec.decode(FormatImages.cmykJpeg(32, 16, null), "g.jpg");
        float[] plain = pixel(generic, 4, 8);
        assertTrue(plain[0] < 0.3 && plain[1] > 0.5 && plain[2] > 0.8, java.util.Arrays.toString(plain));
        float[] white = pixel(generic, 28, 8);
        assertTrue(white[0] > 0.9 && white[1] > 0.9 && white[2] > 0.9, java.util.Arrays.toString(white));
    }

    @Test
    void aTiffsIccProfileIsKeptForTheOutput() throws IOException {
        ICC_Profile profile = clayRgb();
        byte[] tiff = FormatImages.tiff(FormatImages.pattern(12, 8, 8, profile), "Deflate", 0, 1);
        assertArrayEquals(profile.getData(), ImageCodec.decodeRaster(tiff, "icc.tif").iccProfile());
        assertNull(ImageCodec.decodeRaster(FormatImages.tiff(FormatImages.pattern(12, 8, 8, null), "Deflate", 0, 1),
                "srgb.tif").iccProfile());
    }

    @Test
    void moreDeclaredPixelsThanTheLimitAreRefusedBeforeDecoding() throws IOException {
        ImageLimits limits = new ImageLimits(1 << 20, "upscale.max-input-bytes", 1_000_000, "upscale.max-input-pixels");
        BufferedImage small = FormatImages.pattern(8, 8, 8, null);
        byte[][] claims = {
            littleEndianTiffHeader(5000, 4000, 1), // IFD0 only: no pixel data at all
            withBmpSize(FormatImages.bmp(small), 5000, 4000),
        };
        String[] names = {"huge.tif", "huge.bmp"};
        for (int i = 0; i < claims.length; i++) {
            Path file = dir.resolve(names[i]);
            Files.write(file, claims[i]);
            ImageFormatException e = assertThrows(ImageFormatException.class,
                    () -> ImageFile.read(Storage.path(file.toString()), limits));
            assertEquals(file + ": 5000x4000 = 20000000 pixels, more than upscale.max-input-pixels = 1000000",
                    e.getMessage());
        }
        byte[] webp = FormatImages.webp("lossless-24x16.webp").clone();
        ByteBuffer.wrap(webp, 21, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(16383 | 16383 << 14);
        assertEquals(new ImageHeader("WebP", 16384, 16384, 1), ImageHeader.read(new ByteArrayInputStream(webp), "w"));
    }

    @Test
    void aFileOfNoneOfTheFormatsIsNamedAsSuch() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageCodec.decode("GIF89a....".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "x.gif"));
        assertEquals("x.gif: not a PNG, JPEG, TIFF, WebP or BMP image", e.getMessage());
        ImageFormatException cut = assertThrows(ImageFormatException.class, () -> ImageCodec.decode(
                java.util.Arrays.copyOf(FormatImages.webp("lossy-24x16.webp"), 60), "cut.webp"));
        assertTrue(cut.getMessage().startsWith("cut.webp: truncated or corrupt WebP data"), cut.getMessage());
    }

    /** A little-endian TIFF header and IFD0 giving only a size and an orientation. */
    private static byte[] littleEndianTiffHeader(int width, int height, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 3);
        tiff.putShort((short) 256).putShort((short) 4).putInt(1).putInt(width); // LONG
        tiff.putShort((short) 257).putShort((short) 3).putInt(1).putShort((short) height).putShort((short) 0); // SHORT
        tiff.putShort((short) 274).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        return tiff.array();
    }

    private static byte[] withBmpSize(byte[] bmp, int width, int height) {
        byte[] out = bmp.clone();
        ByteBuffer.wrap(out, 18, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(width).putInt(height);
        return out;
    }

    static ICC_Profile clayRgb() throws IOException {
        try (var in = ImageFormatsTest.class.getResourceAsStream("/profiles/ClayRGB1998.icc")) {
            return ICC_Profile.getInstance(in);
        }
    }

    private static void assertPattern(DecodedImage image, int bitDepth) {
        float max = bitDepth == 16 ? 65535f : 255f;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int b = 0; b < 3; b++) {
                    int stored = Math.round(image.rgb().get(b, y, x) * max);
                    assertEquals(FormatImages.sample(x, y, b, bitDepth), stored, "band " + b + " at " + x + "," + y);
                }
            }
        }
    }

    private static float[] pixel(DecodedImage image, int x, int y) {
        return new float[] {image.rgb().get(0, y, x), image.rgb().get(1, y, x), image.rgb().get(2, y, x)};
    }
}
