package io.eaadam.common.image;

import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * A decoded file kept as its stored samples (bytes or shorts, not floats), from which rectangles are
 * read as {@link DecodedImage}s, normalised as that class describes. Large images are upscaled tile by
 * tile from one of these, so that only the tiles ever exist as floats. An EXIF orientation, when set,
 * is applied on the fly: coordinates and sizes are those of the displayed image.
 */
public final class RasterImage {

    private final Raster raster;
    private final IndexColorModel palette;
    private final int colours;
    private final boolean alpha;
    private final int bitDepth;
    private final float maxSample;
    private final boolean grey;
    private final int orientation;
    private final int pages;
    private final byte[] iccProfile;

    /**
     * @param palette the palette of an indexed raster, or {@code null} for component samples
     * @param colours 1 (grey) or 3 (RGB) colour bands of a component raster, ignored for a palette
     * @param alpha whether the image has an alpha channel (the band after the colours, or in the palette)
     * @param sampleBits bits per stored sample (for the divisor); the reported depth is 16 for 16, else 8
     * @param pages how many images the file holds; this is the first
     * @param iccProfile the RGB ICC profile the samples are in, or {@code null} for sRGB
     */
    RasterImage(Raster raster, IndexColorModel palette, int colours, boolean alpha, int sampleBits, boolean grey,
            int pages, byte[] iccProfile) {
        this(raster, palette, colours, alpha, sampleBits == 16 ? 16 : 8, (1 << sampleBits) - 1, grey, 1, pages,
                iccProfile);
    }

    private RasterImage(Raster raster, IndexColorModel palette, int colours, boolean alpha, int bitDepth,
            float maxSample, boolean grey, int orientation, int pages, byte[] iccProfile) {
        this.raster = raster;
        this.palette = palette;
        this.colours = colours;
        this.alpha = alpha;
        this.bitDepth = bitDepth;
        this.maxSample = maxSample;
        this.grey = grey;
        this.orientation = orientation;
        this.pages = pages;
        this.iccProfile = iccProfile;
    }

    /** This image as EXIF {@code orientation} (1 to 8) says to display it. */
    public RasterImage oriented(int orientation) {
        ExifOrientation.storedPosition(orientation, 0, 0, 1, 1); // checks the range
        return new RasterImage(raster, palette, colours, alpha, bitDepth, maxSample, grey, orientation, pages,
                iccProfile);
    }

    public int width() {
        return orientation >= 5 ? raster.getHeight() : raster.getWidth();
    }

    public int height() {
        return orientation >= 5 ? raster.getWidth() : raster.getHeight();
    }

    public boolean hasAlpha() {
        return alpha;
    }

    /** 8 or 16: the depth to write results back with. */
    public int bitDepth() {
        return bitDepth;
    }

    public boolean grey() {
        return grey;
    }

    /** How many images (pages) the file holds; only the first is decoded. 1 but for multi-page TIFFs. */
    public int pages() {
        return pages;
    }

    /**
     * The ICC profile of the colour samples, for outputs to carry, or {@code null} when they are sRGB (also
     * when a decoder converted them to sRGB, as for CMYK JPEGs). Only RGB profiles: a greyscale source's
     * profile cannot describe the RGB output.
     */
    public byte[] iccProfile() {
        return iccProfile == null ? null : iccProfile.clone();
    }

    /** The whole image as floats. */
    public DecodedImage whole() {
        return region(0, 0, width(), height());
    }

    /** The {@code w x h} rectangle at {@code (x, y)} of the displayed image, as floats. */
    public DecodedImage region(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width() || y + h > height()) {
            throw new IllegalArgumentException("region " + w + "x" + h + " at (" + x + ", " + y
                    + ") does not lie inside a " + width() + "x" + height() + " image");
        }
        if (orientation == 1) {
            return stored(x, y, w, h);
        }
        int[] a = ExifOrientation.storedPosition(orientation, x, y, raster.getWidth(), raster.getHeight());
        int[] b = ExifOrientation.storedPosition(orientation, x + w - 1, y + h - 1, raster.getWidth(), raster.getHeight());
        int sx = Math.min(a[0], b[0]);
        int sy = Math.min(a[1], b[1]);
        int sw = Math.abs(a[0] - b[0]) + 1;
        DecodedImage stored = stored(sx, sy, sw, Math.abs(a[1] - b[1]) + 1);
        return new DecodedImage(remap(stored.rgb(), x, y, w, h, sx, sy, sw),
                stored.alpha() == null ? null : remap(stored.alpha(), x, y, w, h, sx, sy, sw), bitDepth, grey);
    }

    private Image remap(Image stored, int x, int y, int w, int h, int sx, int sy, int sw) {
        int channels = stored.channels();
        int storedPlane = stored.height() * sw;
        float[] out = new float[channels * w * h];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int[] s = ExifOrientation.storedPosition(orientation, x + col, y + row, raster.getWidth(),
                        raster.getHeight());
                int from = (s[1] - sy) * sw + (s[0] - sx);
                for (int c = 0; c < channels; c++) {
                    out[(c * h + row) * w + col] = stored.data()[c * storedPlane + from];
                }
            }
        }
        return Image.of(channels, h, w, out);
    }

    /** A rectangle of the stored (not oriented) raster. */
    private DecodedImage stored(int x, int y, int w, int h) {
        int plane = w * h;
        float[] rgb = new float[3 * plane];
        float[] a = alpha ? new float[plane] : null;
        int[] samples = new int[plane];
        if (palette != null) {
            raster.getSamples(x, y, w, h, 0, samples);
            for (int i = 0; i < plane; i++) {
                int index = samples[i];
                rgb[i] = palette.getRed(index) / 255f;
                rgb[plane + i] = palette.getGreen(index) / 255f;
                rgb[2 * plane + i] = palette.getBlue(index) / 255f;
                if (a != null) {
                    a[i] = palette.getAlpha(index) / 255f;
                }
            }
        } else {
            for (int c = 0; c < colours; c++) {
                readBand(x, y, w, h, c, samples, rgb, c * plane);
            }
            if (colours == 1) {
                System.arraycopy(rgb, 0, rgb, plane, plane);
                System.arraycopy(rgb, 0, rgb, 2 * plane, plane);
            }
            if (a != null) {
                readBand(x, y, w, h, colours, samples, a, 0);
            }
        }
        return new DecodedImage(Image.of(3, h, w, rgb), a == null ? null : Image.of(1, h, w, a), bitDepth, grey);
    }

    private void readBand(int x, int y, int w, int h, int band, int[] samples, float[] out, int offset) {
        raster.getSamples(x, y, w, h, band, samples);
        for (int i = 0; i < samples.length; i++) {
            out[offset + i] = samples[i] / maxSample;
        }
    }
}
