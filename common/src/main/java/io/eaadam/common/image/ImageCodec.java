package io.eaadam.common.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace; // AWT's; it shadows this package's ColorSpace in this file
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads and writes PNG and JPEG files with {@code javax.imageio}, normalised as {@link DecodedImage}
 * describes. Samples are taken from the decoded raster through its colour model rather than through
 * {@code getRGB}, so 16-bit PNGs keep their full precision and greyscale is not gamma-converted.
 *
 * <p>Every broken input is reported as an {@link ImageFormatException} naming the file. Decoder
 * warnings (for example a JPEG cut short, which the decoder would otherwise fill with grey) count as
 * errors, because a silently damaged training image is worse than a failed one. Streams are cached
 * in memory, never in temporary files.
 */
public final class ImageCodec {

    private enum Format {
        PNG("png"),
        JPEG("jpeg");

        final String imageIoName;

        Format(String imageIoName) {
            this.imageIoName = imageIoName;
        }

        static Format sniff(byte[] bytes) {
            if (bytes.length >= PngHeader.SIGNATURE.length
                    && Arrays.equals(bytes, 0, PngHeader.SIGNATURE.length, PngHeader.SIGNATURE, 0,
                            PngHeader.SIGNATURE.length)) {
                return PNG;
            }
            if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
                    && (bytes[2] & 0xFF) == 0xFF) {
                return JPEG;
            }
            return null;
        }
    }

    private ImageCodec() {
    }

    /** Whether {@code fileName} ends in .png, .jpg or .jpeg, ignoring case. */
    public static boolean isSupportedName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /**
     * Reads {@code in} to its end and decodes it; the stream is not closed.
     *
     * @param name the file name used in error messages
     * @throws ImageFormatException when the bytes are not a decodable PNG or JPEG, and also when
     *     reading the stream fails (the message then says so)
     */
    public static DecodedImage decode(InputStream in, String name) throws ImageFormatException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ImageFormatException(name, "could not be read (" + e.getMessage() + ")", e);
        }
        return decode(bytes, name);
    }

    /**
     * Decodes a whole PNG or JPEG file held in memory; the format is recognised from its first
     * bytes, not from {@code name}.
     *
     * @param name the file name used in error messages
     * @throws ImageFormatException when the bytes are empty, not PNG or JPEG, truncated, corrupt,
     *     or in a colour space other than RGB or greyscale
     */
    public static DecodedImage decode(byte[] bytes, String name) throws ImageFormatException {
        return decodeRaster(bytes, name).whole();
    }

    /**
     * Decodes like {@link #decode(byte[], String)} but keeps the stored samples (bytes or shorts), so
     * that a large image can be read as floats one rectangle at a time.
     */
    public static RasterImage decodeRaster(byte[] bytes, String name) throws ImageFormatException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new ImageFormatException(name, "empty file");
        }
        Format format = Format.sniff(bytes);
        if (format == null) {
            throw new ImageFormatException(name, "not a PNG or JPEG image");
        }
        PngHeader png = format == Format.PNG ? PngHeader.read(bytes, name) : null;
        BufferedImage image = read(bytes, format, name);
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return new RasterImage(image.getRaster(), palette, 3, palette.hasAlpha(), 8, png != null && png.grey());
        }
        if (model instanceof ComponentColorModel components) {
            return fromComponents(image.getRaster(), components, format, name);
        }
        throw new ImageFormatException(name, "unsupported " + format + " colour model "
                + model.getClass().getSimpleName() + "; expected RGB, greyscale or palette samples");
    }

    /**
     * Writes an RGB or RGBA PNG. Values are clamped to [0, 1] and rounded half up to the nearest
     * level, as {@link Image#quantized(int)} does; {@code out} is flushed, not closed.
     *
     * @param rgb 3 channels
     * @param alphaOrNull 1 channel of the same size, or {@code null} for an opaque RGB file
     * @param bitDepth 8 or 16 bits per sample
     */
    public static void encodePng(Image rgb, Image alphaOrNull, int bitDepth, OutputStream out) throws IOException {
        write(toBufferedImage(rgb, alphaOrNull, bitDepth), writerFor(Format.PNG), null, out);
    }

    /**
     * Writes an 8-bit RGB baseline JPEG (the JDK encoder: JFIF, 4:2:0 chroma subsampling). Values
     * are clamped and rounded as for {@link #encodePng}; {@code out} is flushed, not closed.
     *
     * @param quality from 0 (smallest) to 1 (best)
     */
    public static void encodeJpeg(Image rgb, float quality, OutputStream out) throws IOException {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        encodeJpeg(toBufferedImage(rgb, null, 8), quality, out);
    }

    /** Writes {@code image} (8-bit RGB samples) as {@link #encodeJpeg(Image, float, OutputStream)} does. */
    static void encodeJpeg(BufferedImage image, float quality, OutputStream out) throws IOException {
        ImageWriter writer = writerFor(Format.JPEG);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        write(image, writer, param, out);
    }

    private static BufferedImage read(byte[] bytes, Format format, String name) throws ImageFormatException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format.imageIoName).next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports damaged data with IIOException but also with unchecked exceptions.
            throw corrupt(name, format, describe(e), e);
        } finally {
            reader.dispose();
        }
        if (!warnings.isEmpty()) {
            throw corrupt(name, format, warnings.get(0), null);
        }
        return image;
    }

    private static ImageFormatException corrupt(String name, Format format, String detail, Throwable cause) {
        return new ImageFormatException(name, "truncated or corrupt " + format + " data (" + detail + ")", cause);
    }

    /** The exception's message followed by its causes' (ImageIO wraps the informative one). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return text.toString();
    }

    private static RasterImage fromComponents(Raster raster, ComponentColorModel model, Format format, String name)
            throws ImageFormatException {
        ColorSpace space = model.getColorSpace();
        int colours = model.getNumColorComponents();
        boolean rgbSpace = space.getType() == ColorSpace.TYPE_RGB && colours == 3;
        boolean greySpace = space.getType() == ColorSpace.TYPE_GRAY && colours == 1;
        if (!rgbSpace && !greySpace) {
            throw new ImageFormatException(name, "unsupported " + format + " colour space (" + describe(space)
                    + "); expected RGB or greyscale");
        }
        int bits = model.getComponentSize(0);
        if (bits > 16) {
            throw new ImageFormatException(name, "unsupported " + format + " sample depth of " + bits
                    + " bits; expected at most 16");
        }
        return new RasterImage(raster, null, colours, model.hasAlpha(), bits, greySpace);
    }

    private static String describe(ColorSpace space) {
        return switch (space.getType()) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            default -> space.getNumComponents() + "-component colour space of type " + space.getType();
        };
    }

    /** An sRGB raster of 8- or 16-bit samples, plus alpha when given. */
    private static BufferedImage toBufferedImage(Image rgb, Image alpha, int bitDepth) {
        DecodedImage.requireColourAndAlpha(rgb, alpha);
        int max = Image.maxLevel(bitDepth);
        int width = rgb.width();
        int height = rgb.height();
        BufferedImage image = blankImage(width, height, alpha != null, bitDepth);
        WritableRaster raster = image.getRaster();
        int[] levels = new int[width * height];
        for (int c = 0; c < 3; c++) {
            writeBand(raster, c, rgb.data(), c * width * height, max, levels);
        }
        if (alpha != null) {
            writeBand(raster, 3, alpha.data(), 0, max, levels);
        }
        return image;
    }

    /** A zeroed sRGB image of 8- or 16-bit samples, with an alpha band when asked. */
    static BufferedImage blankImage(int width, int height, boolean alpha, int bitDepth) {
        Image.maxLevel(bitDepth); // throws unless 8 or 16
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                bitDepth == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, model.createCompatibleWritableRaster(width, height), false, null);
    }

    private static void writeBand(WritableRaster raster, int band, float[] values, int offset, int max, int[] levels) {
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Image.level(values[offset + i], max);
        }
        raster.setSamples(0, 0, raster.getWidth(), raster.getHeight(), band, levels);
    }

    private static ImageWriter writerFor(Format format) {
        return ImageIO.getImageWritersByFormatName(format.imageIoName).next();
    }

    /** Writes one image and disposes of {@code writer}. */
    private static void write(BufferedImage image, ImageWriter writer, ImageWriteParam param, OutputStream out)
            throws IOException {
        // Closing the memory-cached stream flushes it into out and leaves out open.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        out.flush();
    }
}
