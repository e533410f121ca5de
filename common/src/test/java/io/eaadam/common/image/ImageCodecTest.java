package io.eaadam.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eaadam.common.metrics.Psnr;
import io.eaadam.common.testing.FormatImages;
import io.eaadam.common.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

    private static final Path PHOTOS = Path.of("/usr/share/backgrounds/mate/nature");

    // ---- round trips ----

    @Test
    void eightBitRgbPngRoundTripsExactly() throws IOException {
        Image rgb = TestImages.smoothRgb(37, 23, 1).quantized(8);
        DecodedImage decoded = ImageCodec.decode(png(rgb, null, 8), "smooth.png");
        assertArrayEquals(rgb.data(), decoded.rgb().data());
        assertNull(decoded.alpha());
        assertEquals(8, decoded.bitDepth());
        assertFalse(decoded.grey());
        assertEquals(37, decoded.width());
        assertEquals(23, decoded.height());
    }

    @Test
    void sixteenBitRgbaPngKeepsFullPrecision() throws IOException {
        Image rgb = TestImages.smoothRgb(19, 11, 2).quantized(16);
        Image alpha = TestImages.lcgNoise(1, 11, 19, 7).quantized(16);
        DecodedImage decoded = ImageCodec.decode(png(rgb, alpha, 16), "deep.png");
        assertEquals(16, decoded.bitDepth());
        assertArrayEquals(rgb.data(), decoded.rgb().data());
        assertArrayEquals(alpha.data(), decoded.alpha().data());
        // The levels really are finer than 8 bits, so an 8-bit path would have failed above.
        assertFalse(Arrays.equals(rgb.data(), rgb.quantized(8).data()));
    }

    @Test
    void encodingClampsAndRoundsHalfUp() throws IOException {
        Image rgb = Image.of(3, 1, 3, new float[] {-0.5f, 0.5f, 1.5f, 0f, 0.25f, 1f, Float.NaN, 0.002f, 0.0019f});
        DecodedImage decoded = ImageCodec.decode(png(rgb, null, 8), "clamped.png");
        assertArrayEquals(new float[] {0, 128 / 255f, 1, 0, 64 / 255f, 1, 0, 1 / 255f, 0}, decoded.rgb().data());
    }

    @Test
    void greyPngIsReplicatedToRgb() throws IOException {
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 200);
        DecodedImage decoded = ImageCodec.decode(imageIo(grey, "png"), "grey.png");
        assertTrue(decoded.grey());
        assertEquals(8, decoded.bitDepth());
        for (int c = 0; c < 3; c++) {
            assertEquals(200 / 255f, decoded.rgb().get(c, 2, 1));
            assertEquals(0f, decoded.rgb().get(c, 0, 0));
        }
    }

    @Test
    void sixteenBitGreyPngKeepsFullPrecision() throws IOException {
        BufferedImage grey = new BufferedImage(5, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(3, 1, 0, 12345);
        DecodedImage decoded = ImageCodec.decode(imageIo(grey, "png"), "grey16.png");
        assertTrue(decoded.grey());
        assertEquals(16, decoded.bitDepth());
        assertEquals(12345 / 65535f, decoded.rgb().get(2, 1, 3));
    }

    @Test
    void twoBitGreyPngIsScaledByItsMaximum() throws IOException {
        byte[] ramp = {0, 85, (byte) 170, (byte) 255};
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(2, 4, ramp, ramp, ramp));
        for (int x = 0; x < 4; x++) {
            image.getRaster().setSample(x, 0, 0, x);
        }
        byte[] file = imageIo(image, "png");
        assertEquals(2, file[24], "IHDR bit depth");
        assertEquals(0, file[25], "IHDR colour type grey");
        DecodedImage decoded = ImageCodec.decode(file, "twobit.png");
        assertTrue(decoded.grey());
        assertEquals(8, decoded.bitDepth());
        assertArrayEquals(new float[] {0, 1 / 3f, 2 / 3f, 1}, decoded.rgb().channel(1).data(), 1e-7f);
    }

    @Test
    void transparentPaletteGivesAlpha() throws IOException {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 255, 20};
        byte[] b = {0, 0, 30};
        byte[] a = {(byte) 255, (byte) 128, 0};
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b, a));
        for (int x = 0; x < 3; x++) {
            image.getRaster().setSample(x, 0, 0, x);
        }
        byte[] file = imageIo(image, "png");
        assertEquals(3, file[25], "IHDR colour type palette");
        DecodedImage decoded = ImageCodec.decode(file, "palette.png");
        assertFalse(decoded.grey());
        assertEquals(8, decoded.bitDepth());
        assertArrayEquals(new float[] {1, 0, 10 / 255f, 0, 1, 20 / 255f, 0, 0, 30 / 255f}, decoded.rgb().data());
        assertNotNull(decoded.alpha());
        assertArrayEquals(new float[] {1, 128 / 255f, 0}, decoded.alpha().data());
    }

    @Test
    void jpegRoundTripIsClose() throws IOException {
        Image rgb = TestImages.smoothRgb(64, 48, 3);
        ByteArrayOutputStream best = new ByteArrayOutputStream();
        ImageCodec.encodeJpeg(rgb, 0.95f, best);
        ByteArrayOutputStream worst = new ByteArrayOutputStream();
        ImageCodec.encodeJpeg(rgb, 0.1f, worst);
        assertTrue(worst.size() < best.size(), worst.size() + " vs " + best.size());

        DecodedImage decoded = ImageCodec.decode(best.toByteArray(), "smooth.jpg");
        assertEquals(8, decoded.bitDepth());
        assertFalse(decoded.grey());
        assertNull(decoded.alpha());
        double psnr = Psnr.rgb(decoded.rgb(), rgb, 0);
        assertTrue(psnr > 30, "PSNR " + psnr);
    }

    @Test
    void greyJpegIsReplicatedToRgb() throws IOException {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.getRaster().setSample(x, y, 0, 128);
            }
        }
        DecodedImage decoded = ImageCodec.decode(imageIo(grey, "jpeg"), "grey.jpg");
        assertTrue(decoded.grey());
        assertArrayEquals(decoded.rgb().channel(0).data(), decoded.rgb().channel(2).data());
        assertEquals(128 / 255f, decoded.rgb().get(1, 8, 8), 2 / 255f);
    }

    @Test
    void streamAndByteDecodingAgree() throws IOException {
        byte[] file = png(TestImages.smoothRgb(9, 7, 4).quantized(8), null, 8);
        DecodedImage fromStream = ImageCodec.decode(new ByteArrayInputStream(file), "a.png");
        assertArrayEquals(ImageCodec.decode(file, "a.png").rgb().data(), fromStream.rgb().data());
    }

    @Test
    void realPhotographDecodes() throws IOException {
        assumeTrue(Files.isDirectory(PHOTOS), "no photographs at " + PHOTOS);
        Path photo;
        try (Stream<Path> files = Files.list(PHOTOS)) {
            photo = files.filter(p -> ImageCodec.isSupportedName(p.getFileName().toString())).sorted()
                    .findFirst().orElse(null);
        }
        assumeTrue(photo != null, "no JPEG or PNG in " + PHOTOS);
        DecodedImage decoded = ImageCodec.decode(Files.readAllBytes(photo), photo.getFileName().toString());
        assertTrue(decoded.width() > 100 && decoded.height() > 100, decoded.rgb().toString());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : decoded.rgb().data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1 && max > min, min + ".." + max);
    }

    // ---- broken input ----

    @Test
    void emptyFile() {
        assertFails("empty.png: empty file", new byte[0], "empty.png");
    }

    @Test
    void textFile() {
        assertFails("notes.txt: not a PNG, JPEG, TIFF, WebP or BMP image",
                "shopping: milk, eggs\n".getBytes(StandardCharsets.UTF_8), "notes.txt");
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[1000];
        new Random(42).nextBytes(noise);
        assertFails("noise.png: not a PNG, JPEG, TIFF, WebP or BMP image", noise, "noise.png");
    }

    @Test
    void signaturesFollowedByNoise() {
        byte[] noise = new byte[1000];
        new Random(43).nextBytes(noise);
        System.arraycopy(PngHeader.SIGNATURE, 0, noise, 0, 8);
        assertFailsWith("noise.png: truncated or corrupt PNG data (", noise, "noise.png");
        noise[0] = (byte) 0xFF;
        noise[1] = (byte) 0xD8;
        noise[2] = (byte) 0xFF;
        assertFailsWith("noise.jpg: truncated or corrupt JPEG data (", noise, "noise.jpg");
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] file = png(TestImages.smoothRgb(40, 30, 5).quantized(8), null, 8);
        // In the signature, right after it, inside IHDR, inside IDAT, just before IEND, inside IEND.
        int[] lengths = {4, 8, 20, 60, file.length / 2, file.length - 12, file.length - 1};
        for (int length : lengths) {
            byte[] cut = Arrays.copyOf(file, length);
            String expected = length < 8 ? "holiday.png: not a PNG, JPEG, TIFF, WebP or BMP image"
                    : "holiday.png: truncated or corrupt PNG data (";
            assertFailsWith(expected, cut, "holiday.png");
        }
        assertFails("holiday.png: truncated or corrupt PNG data (chunk IDAT at byte 33 runs past the end of the file"
                + " at byte " + file.length / 2 + ")", Arrays.copyOf(file, file.length / 2), "holiday.png");
    }

    @Test
    void pngWithDamagedBytes() throws IOException {
        byte[] file = png(TestImages.smoothRgb(40, 30, 6).quantized(8), null, 8);
        byte[] flipped = file.clone();
        flipped[file.length / 2] ^= 0x10;
        assertFails("flipped.png: truncated or corrupt PNG data (CRC mismatch in chunk IDAT at byte 33)",
                flipped, "flipped.png");
        // Valid chunk structure but undecodable image data: ImageIO's own error is reported.
        byte[] zeroed = replaceChunkData(file, "IDAT", new byte[64]);
        assertFailsWith("zeroed.png: truncated or corrupt PNG data (Error reading PNG image data", zeroed, "zeroed.png");
    }

    @Test
    void truncatedJpeg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodeJpeg(TestImages.smoothRgb(64, 48, 7), 0.9f, out);
        byte[] file = out.toByteArray();
        for (int length : new int[] {3, 10, 200, file.length / 2, file.length - 2}) {
            assertFailsWith("photo.jpg: truncated or corrupt JPEG data (", Arrays.copyOf(file, length), "photo.jpg");
        }
    }

    @Test
    void cmykJpegWithoutAdobeSegmentIsConvertedToRgb() throws IOException {
        // The JDK encoder given a 4-band raster: a CMYK JPEG, once refused, now decoded by TwelveMonkeys.
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        ImageWriter writer = FormatImages.jdkWriter("jpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        DecodedImage image = ImageCodec.decode(out.toByteArray(), "cmyk.jpg");
        assertEquals(16, image.width());
        assertEquals(8, image.bitDepth());
        assertFalse(image.grey());
    }

    @Test
    void failingStreamIsReported() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageCodec.decode(broken, "remote.png"));
        assertEquals("remote.png: could not be read (connection reset)", e.getMessage());
        assertEquals("remote.png", e.fileName());
    }

    // ---- encoder arguments and names ----

    @Test
    void encoderRejectsBadArguments() {
        Image rgb = TestImages.smoothRgb(4, 4, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(rgb.channel(0), null, 8, out));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(rgb, null, 12, out));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodePng(rgb, rgb.crop(0, 0, 2, 2).channel(0), 8, out));
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodeJpeg(rgb, 1.5f, out));
        assertEquals(0, out.size());
    }

    @Test
    void supportedNames() {
        assertTrue(ImageCodec.isSupportedName("a.png"));
        assertTrue(ImageCodec.isSupportedName("dir/B.JPG"));
        assertTrue(ImageCodec.isSupportedName("c.Jpeg"));
        assertTrue(ImageCodec.isSupportedName("scan.TIF"));
        assertTrue(ImageCodec.isSupportedName("scan.tiff"));
        assertTrue(ImageCodec.isSupportedName("web.webp"));
        assertTrue(ImageCodec.isSupportedName("old.bmp"));
        assertFalse(ImageCodec.isSupportedName("d.gif"));
        assertFalse(ImageCodec.isSupportedName("png"));
        assertFalse(ImageCodec.isSupportedName("e.png.txt"));
    }

    // ---- helpers ----

    private static void assertFails(String message, byte[] file, String name) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageCodec.decode(file, name));
        assertEquals(message, e.getMessage());
    }

    private static void assertFailsWith(String prefix, byte[] file, String name) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageCodec.decode(file, name),
                () -> file.length + " bytes");
        assertTrue(e.getMessage().startsWith(prefix), () -> file.length + " bytes: " + e.getMessage());
    }

    private static byte[] png(Image rgb, Image alpha, int bitDepth) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageCodec.encodePng(rgb, alpha, bitDepth, out);
        return out.toByteArray();
    }

    private static byte[] imageIo(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code png} with the data of its first {@code type} chunk replaced and the CRC recomputed. */
    private static byte[] replaceChunkData(byte[] png, String type, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(png);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 8);
        in.position(8);
        boolean replaced = false;
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeBytes = new byte[4];
            in.get(typeBytes);
            byte[] body = new byte[length];
            in.get(body);
            int crc = in.getInt();
            if (!replaced && type.equals(new String(typeBytes, StandardCharsets.US_ASCII))) {
                replaced = true;
                body = data;
                CRC32 crc32 = new CRC32();
                crc32.update(typeBytes);
                crc32.update(body);
                crc = (int) crc32.getValue();
            }
            out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
            out.writeBytes(typeBytes);
            out.writeBytes(body);
            out.writeBytes(ByteBuffer.allocate(4).putInt(crc).array());
        }
        assertTrue(replaced, "no " + type + " chunk");
        return out.toByteArray();
    }
}
