package io.eaadam.common.testing;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test files in the formats eaadam reads besides PNG and JPEG: TIFF (through the JDK's TIFF writer, which
 * writes strips or tiles, 8 or 16 bits, LZW, PackBits or Deflate, and several pages), BMP, CMYK JPEG (the
 * JDK's encoder given a 4-band raster, with an Adobe segment saying CMYK and optionally an ICC profile) and
 * the committed WebP files (see src/test/resources/images/README.md).
 */
public final class FormatImages {

    private FormatImages() {
    }

    /**
     * An sRGB image (or one in {@code iccProfile}) of 8- or 16-bit samples, each sample a function of its
     * position and band so that exact reads can be checked with {@link #sample}.
     */
    public static BufferedImage pattern(int width, int height, int bitDepth, ICC_Profile iccProfile) {
        ColorSpace space = iccProfile == null ? ColorSpace.getInstance(ColorSpace.CS_sRGB) : new ICC_ColorSpace(iccProfile);
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE,
                bitDepth == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < 3; b++) {
                    raster.setSample(x, y, b, sample(x, y, b, bitDepth));
                }
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    /** The value {@link #pattern} stores at {@code (x, y)} in band {@code b}: all 16 bits vary in 16-bit images. */
    public static int sample(int x, int y, int b, int bitDepth) {
        int value = x * 977 + y * 7919 + b * 21001 + (x * y) % 251;
        return bitDepth == 16 ? value & 0xFFFF : value & 0xFF;
    }

    /**
     * A TIFF of {@code pages} copies of {@code image}.
     *
     * @param compression "LZW", "PackBits", "Deflate" (the JDK writer's names) or {@code null} for none
     * @param tile the side of square tiles, or 0 for strips
     */
    public static byte[] tiff(BufferedImage image, String compression, int tile, int pages) {
        ImageWriter writer = jdkWriter("tiff");
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (compression != null) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(compression);
        }
        if (tile > 0) {
            param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
            param.setTiling(tile, tile, 0, 0);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int page = 0; page < pages; page++) {
                writer.writeToSequence(new IIOImage(image, null, null), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static byte[] bmp(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "bmp", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A committed WebP file of src/test/resources/images. */
    public static byte[] webp(String name) {
        try (InputStream in = FormatImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test image /images/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A CMYK JPEG, {@code width} wide, left half pure cyan and right half white, stored inverted as Adobe's
     * encoders do, with an Adobe APP14 segment (transform 0: no colour transform, CMYK) and, when given, an
     * APP2 ICC_PROFILE segment holding {@code iccProfile}.
     */
    public static byte[] cmykJpeg(int width, int height, byte[] iccProfile) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x < width / 2 ? 0 : 255, 255, 255, 255});
            }
        }
        ImageWriter writer = jdkWriter("jpeg");
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(encoded)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = encoded.toByteArray();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(jpeg, 0, 2); // SOI
        segment(file, 0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        if (iccProfile != null) {
            ByteBuffer icc = ByteBuffer.allocate(14 + iccProfile.length);
            icc.put("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 1).put(iccProfile);
            segment(file, 0xE2, icc.array());
        }
        file.write(jpeg, 2, jpeg.length - 2);
        return file.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
        out.write(0xFF);
        out.write(marker);
        out.write(body.length + 2 >> 8);
        out.write(body.length + 2);
        out.write(body, 0, body.length);
    }

    /**
     * A minimal CMYK printer profile: a 2-point lut16 from CMYK to XYZ (D50) of the naive conversion
     * {@code R = (1 - C)(1 - K)} and so on, with cyan's and magenta's results swapped when asked (so a test can
     * tell this profile was used rather than a generic conversion), and a rough inverse lut for the colour
     * management module's checks. Made here because no CMYK profile may be committed freely.
     *
     * @param swapRedAndGreen whether red and green trade places, so that pure cyan comes out magenta
     */
    public static byte[] cmykProfile(boolean swapRedAndGreen) {
        // sRGB (linear) to XYZ D50, Bradford-adapted, as in the ICC sRGB profile.
        double[][] toXyz = {{0.4360747, 0.3850649, 0.1430804}, {0.2225045, 0.7168786, 0.0606169},
            {0.0139322, 0.0971045, 0.7141733}};
        ByteBuffer forward = lut16(4, 3);
        for (int c = 0; c < 2; c++) {
            for (int m = 0; m < 2; m++) {
                for (int y = 0; y < 2; y++) {
                    for (int k = 0; k < 2; k++) {
                        double[] rgb = {(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)};
                        if (swapRedAndGreen) {
                            rgb = new double[] {rgb[1], rgb[0], rgb[2]};
                        }
                        for (double[] row : toXyz) {
                            // XYZ in lut16 is u1Fixed15: 1.0 is 0x8000.
                            forward.putShort((short) Math.round((row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])
                                    * 0x8000));
                        }
                    }
                }
            }
        }
        ByteBuffer inverse = lut16(3, 4);
        for (int x = 0; x < 2; x++) {
            for (int y = 0; y < 2; y++) {
                for (int z = 0; z < 2; z++) {
                    inverse.putShort((short) ((1 - x) * 0xFFFF)).putShort((short) ((1 - y) * 0xFFFF))
                            .putShort((short) ((1 - z) * 0xFFFF)).putShort((short) 0);
                }
            }
        }
        byte[] description = ByteBuffer.allocate(90).put("desc".getBytes(StandardCharsets.ISO_8859_1)).putInt(0)
                .putInt(5).put("test\0".getBytes(StandardCharsets.ISO_8859_1)).array();
        byte[] whitePoint = ByteBuffer.allocate(20).put("XYZ ".getBytes(StandardCharsets.ISO_8859_1)).putInt(0)
                .putInt(63190).putInt(65536).putInt(54061).array();
        byte[][] tags = {description, whitePoint, finish(forward, 3), finish(inverse, 4)};
        String[] signatures = {"desc", "wtpt", "A2B0", "B2A0"};
        int first = 128 + 4 + 12 * tags.length;
        int size = first;
        for (byte[] tag : tags) {
            size += (tag.length + 3) / 4 * 4;
        }
        ByteBuffer profile = ByteBuffer.allocate(size);
        profile.putInt(size).putInt(0).putInt(0x02100000).put(ascii("prtr")).put(ascii("CMYK")).put(ascii("XYZ "));
        profile.position(36);
        profile.put(ascii("acsp"));
        profile.position(68);
        profile.putInt(63190).putInt(65536).putInt(54061); // the D50 illuminant
        profile.position(128);
        profile.putInt(tags.length);
        int at = first;
        for (int i = 0; i < tags.length; i++) {
            profile.put(ascii(signatures[i])).putInt(at).putInt(tags[i].length);
            at += (tags[i].length + 3) / 4 * 4;
        }
        at = first;
        for (byte[] tag : tags) {
            profile.position(at);
            profile.put(tag);
            at += (tag.length + 3) / 4 * 4;
        }
        return profile.array();
    }

    /** A lut16Type up to its grid: identity matrix and 2-entry identity input curves, 2 grid points a side. */
    private static ByteBuffer lut16(int inputs, int outputs) {
        ByteBuffer lut = ByteBuffer.allocate(52 + inputs * 4 + (1 << inputs) * outputs * 2 + outputs * 4);
        lut.put(ascii("mft2")).putInt(0).put((byte) inputs).put((byte) outputs).put((byte) 2).put((byte) 0);
        for (int i = 0; i < 9; i++) {
            lut.putInt(i % 4 == 0 ? 0x10000 : 0);
        }
        lut.putShort((short) 2).putShort((short) 2);
        for (int i = 0; i < inputs; i++) {
            lut.putShort((short) 0).putShort((short) 0xFFFF);
        }
        return lut;
    }

    /** Appends the identity output curves. */
    private static byte[] finish(ByteBuffer lut, int outputs) {
        for (int i = 0; i < outputs; i++) {
            lut.putShort((short) 0).putShort((short) 0xFFFF);
        }
        return lut.array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The JDK's own encoder, not another plugin's registered ahead of it. */
    public static ImageWriter jdkWriter(String formatName) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getModule() == ImageIO.class.getModule()) {
                return writer;
            }
        }
        throw new IllegalStateException("no JDK " + formatName + " writer");
    }
}
