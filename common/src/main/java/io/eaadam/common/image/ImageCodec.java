package io.eaadam.common.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import java.awt.Transparency;
import java.awt.color.ColorSpace; // AWT's; it shadows this package's ColorSpace in this file
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Reads PNG, JPEG, TIFF, WebP and BMP files and writes PNG and JPEG files with {@code javax.imageio},
 * normalised as {@link DecodedImage} describes. Samples are taken from the decoded raster through its
 * colour model rather than through {@code getRGB}, so 16-bit PNGs and TIFFs keep their full precision and
 * greyscale is not gamma-converted.
 *
 * <p>Each format has one decoder, chosen here rather than by ImageIO's registry order, which changes once
 * TwelveMonkeys' plugins are on the class path (they register ahead of the JDK's): PNG, BMP and JPEGs of 1
 * or 3 components (grey, YCbCr) keep the JDK's decoders, so their pixels are what they always were; TIFF
 * and WebP use TwelveMonkeys', and so do 4-component JPEGs (CMYK, YCCK), which the JDK decodes to raw CMYK
 * samples while TwelveMonkeys converts them to sRGB through the embedded ICC profile (without one, through
 * its generic CMYK conversion). Writers are the JDK's.
 *
 * <p>Every broken input is reported as an {@link ImageFormatException} naming the file. Decoder
 * warnings (for example a JPEG cut short, which the decoder would otherwise fill with grey) count as
 * errors, because a silently damaged training image is worse than a failed one. Streams are cached
 * in memory, never in temporary files.
 */
public final class ImageCodec {

    private ImageCodec() {
    }

    private static final List<String> SUPPORTED_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".tif", ".tiff",
            ".webp", ".bmp");

    /** Whether {@code fileName} ends in .png, .jpg, .jpeg, .tif, .tiff, .webp or .bmp, ignoring case. */
    public static boolean isSupportedName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return SUPPORTED_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /**
     * Reads {@code in} to its end and decodes it; the stream is not closed.
     *
     * @param name the file name used in error messages
     * @throws ImageFormatException when the bytes are not a decodable image, and also when
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
     * Decodes a whole image file held in memory (the first page of a multi-page TIFF); the format is
     * recognised from its first bytes, not from {@code name}.
     *
     * @param name the file name used in error messages
     * @throws ImageFormatException when the bytes are empty, none of the formats read, truncated, corrupt,
     *     or in a colour space other than RGB, greyscale or (JPEG) CMYK and YCCK
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
        ImageFormat format = ImageFormat.sniff(bytes, bytes.length);
        if (format == null) {
            throw new ImageFormatException(name, ImageFormat.NONE);
        }
        PngHeader png = format == ImageFormat.PNG ? PngHeader.read(bytes, name) : null;
        Decoded decoded = read(bytes, format, name);
        BufferedImage image = decoded.image;
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return new RasterImage(image.getRaster(), palette, 3, palette.hasAlpha(), 8, png != null && png.grey(),
                    decoded.pages, png != null ? png.iccProfile() : null);
        }
        if (model instanceof DirectColorModel packed && packed.getColorSpace().isCS_sRGB()
                && packed.getComponentSize(0) <= 8 && packed.getComponentSize(1) == packed.getComponentSize(0)
                && packed.getComponentSize(2) == packed.getComponentSize(0)) {
            // Packed RGB samples (TwelveMonkeys' CMYK conversion, 16- and 32-bit BMPs), read band by band.
            return new RasterImage(image.getRaster(), null, 3, packed.hasAlpha(), packed.getComponentSize(0), false,
                    decoded.pages, null);
        }
        if (model instanceof ComponentColorModel components) {
            return fromComponents(image.getRaster(), components, format, name, decoded.pages,
                    png != null ? png.iccProfile() : iccProfile(components));
        }
        throw new ImageFormatException(name, "unsupported " + format + " colour model "
                + model.getClass().getSimpleName() + "; expected RGB, greyscale or palette samples");
    }

    /**
     * The RGB profile the samples of {@code model} are in, or {@code null} for sRGB. The JDK's PNG decoder
     * labels every image sRGB whatever its iCCP chunk says, so a PNG's profile comes from {@link PngHeader}
     * instead; the JDK's JPEG decoder converts samples from an embedded profile to sRGB, and TwelveMonkeys'
     * does for CMYK, so JPEGs have none left; TwelveMonkeys' TIFF and WebP decoders label the samples with
     * the file's profile.
     */
    private static byte[] iccProfile(ColorModel model) {
        return model.getColorSpace() instanceof ICC_ColorSpace icc && icc.getType() == ColorSpace.TYPE_RGB
                && !icc.isCS_sRGB() ? icc.getProfile().getData() : null;
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
        write(toBufferedImage(rgb, alphaOrNull, bitDepth), jdkWriter("png"), null, out);
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

    /**
     * Writes {@code image} (8-bit RGB samples) as {@link #encodeJpeg(Image, float, OutputStream)} does; the JDK
     * encoder writes the profile of an image in a colour space other than sRGB in APP2 segments.
     */
    static void encodeJpeg(BufferedImage image, float quality, OutputStream out) throws IOException {
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        write(image, writer, param, out);
    }

    /** A decoded first image and how many images (pages) the file holds. */
    private record Decoded(BufferedImage image, int pages) {}

    private static Decoded read(byte[] bytes, ImageFormat format, String name) throws ImageFormatException {
        ImageReader reader = readerFor(format, bytes);
        boolean twelveMonkeysJpeg = format == ImageFormat.JPEG && !isJdk(reader.getOriginatingProvider());
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            // TwelveMonkeys' JPEG decoder warns when a CMYK file has no (usable) ICC profile and the generic
            // conversion is used instead: a colour caveat, not damaged data.
            if (!(twelveMonkeysJpeg && warning.contains("ICC"))) {
                warnings.add(warning);
            }
        });
        Decoded decoded;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            boolean multiPage = format == ImageFormat.TIFF;
            reader.setInput(in, !multiPage, true); // counting a TIFF's pages seeks back to its directories
            BufferedImage image = reader.read(0);
            decoded = new Decoded(image, multiPage ? reader.getNumImages(true) : 1);
        } catch (IOException | RuntimeException e) {
            // ImageIO reports damaged data with IIOException but also with unchecked exceptions.
            throw corrupt(name, format, describe(e), e);
        } finally {
            reader.dispose();
        }
        if (!warnings.isEmpty()) {
            throw corrupt(name, format, warnings.get(0), null);
        }
        return decoded;
    }

    /** The one decoder of {@code format}, as the class comment explains. */
    private static ImageReader readerFor(ImageFormat format, byte[] bytes) {
        return switch (format) {
            case PNG -> jdkReader("png");
            case BMP -> jdkReader("bmp");
            case JPEG -> ImageHeader.hasFourComponents(bytes)
                    ? twelveMonkeys(JPEGImageReaderSpi.class, JPEGImageReaderSpi::new) : jdkReader("jpeg");
            case TIFF -> twelveMonkeys(TIFFImageReaderSpi.class, TIFFImageReaderSpi::new);
            case WEBP -> twelveMonkeys(WebPImageReaderSpi.class, WebPImageReaderSpi::new);
        };
    }

    /**
     * A TwelveMonkeys decoder from its provider in ImageIO's registry, registered first when the registry's
     * scan of the class path missed it (a class loader it did not scan, as Spark's for {@code --jars}): the
     * JPEG provider finds the JDK decoder it delegates to when registered.
     */
    private static <T extends ImageReaderSpi> ImageReader twelveMonkeys(Class<T> type, Supplier<T> newProvider) {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        T provider = registry.getServiceProviderByClass(type);
        if (provider == null) {
            provider = newProvider.get();
            registry.registerServiceProvider(provider, ImageReaderSpi.class);
        }
        try {
            return provider.createReaderInstance(null);
        } catch (IOException e) { // declared, never thrown by these providers
            throw new UncheckedIOException(e);
        }
    }

    private static ImageReader jdkReader(String formatName) {
        return jdkPlugin(ImageIO.getImageReadersByFormatName(formatName), ImageReader::getOriginatingProvider,
                formatName + " decoder");
    }

    private static ImageWriter jdkWriter(String formatName) {
        return jdkPlugin(ImageIO.getImageWritersByFormatName(formatName), ImageWriter::getOriginatingProvider,
                formatName + " encoder");
    }

    /** The first of {@code plugins} (readers or writers) whose provider is the JDK's own. */
    private static <T> T jdkPlugin(Iterator<T> plugins, Function<T, Object> provider, String what) {
        while (plugins.hasNext()) {
            T plugin = plugins.next();
            if (isJdk(provider.apply(plugin))) {
                return plugin;
            }
        }
        throw new IllegalStateException("the JDK's " + what + " is not registered with ImageIO");
    }

    /** Whether a plugin is the JDK's own (it lives in the java.desktop module, as ImageIO does). */
    private static boolean isJdk(Object provider) {
        return provider != null && provider.getClass().getModule() == ImageIO.class.getModule();
    }

    private static ImageFormatException corrupt(String name, ImageFormat format, String detail, Throwable cause) {
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

    private static RasterImage fromComponents(Raster raster, ComponentColorModel model, ImageFormat format,
            String name, int pages, byte[] iccProfile) throws ImageFormatException {
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
        return new RasterImage(raster, null, colours, model.hasAlpha(), bits, greySpace, pages, iccProfile);
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
        BufferedImage image = blankImage(width, height, alpha != null, bitDepth, null);
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

    /**
     * A zeroed image of 8- or 16-bit samples, with an alpha band when asked, in sRGB or in the colour space of
     * {@code iccProfile}.
     */
    static BufferedImage blankImage(int width, int height, boolean alpha, int bitDepth, byte[] iccProfile) {
        Image.maxLevel(bitDepth); // throws unless 8 or 16
        ColorSpace space = iccProfile == null ? ColorSpace.getInstance(ColorSpace.CS_sRGB)
                : new ICC_ColorSpace(ICC_Profile.getInstance(iccProfile));
        ComponentColorModel model = new ComponentColorModel(space, alpha, false,
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
