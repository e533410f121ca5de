package io.eaadam.common.image;

import java.util.Objects;

/**
 * A decoded image file (PNG, JPEG, TIFF, WebP or BMP), normalised to one shape whatever the file held:
 *
 * <ul>
 *   <li>colour is always RGB: a greyscale file's single channel is replicated into R, G and B, and
 *       {@link #grey()} records that the source had one colour channel;
 *   <li>palette images are expanded to RGB; a palette with transparent entries (PNG {@code tRNS})
 *       yields an alpha channel;
 *   <li>alpha is separated from colour and never mixed into it. Callers decide what it means:
 *       training ignores it, inference upscales it separately and writes it back;
 *   <li>16-bit samples are divided by 65535 and reported as {@code bitDepth} 16; 8-bit samples are
 *       divided by 255; other depths (1-, 2- and 4-bit PNG) are divided by their largest value
 *       (1, 3 or 15) and reported as {@code bitDepth} 8.
 * </ul>
 *
 * @param rgb the colour, 3 channels in [0, 1]
 * @param alpha the opacity, 1 channel of the same size in [0, 1], or {@code null} when the file has none
 * @param bitDepth 8 or 16, the depth to write the result back with
 * @param grey whether the source had a single colour channel
 */
public record DecodedImage(Image rgb, Image alpha, int bitDepth, boolean grey) {

    public DecodedImage {
        requireColourAndAlpha(rgb, alpha);
        Image.maxLevel(bitDepth); // throws unless 8 or 16
    }

    public int width() {
        return rgb.width();
    }

    public int height() {
        return rgb.height();
    }

    /** Checks that {@code rgb} has 3 channels and {@code alpha}, when present, is one channel of its size. */
    static void requireColourAndAlpha(Image rgb, Image alpha) {
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.channels() != 3) {
            throw new IllegalArgumentException("colour must have 3 channels, got " + rgb.shapeString() + " (CxHxW)");
        }
        if (alpha != null && (alpha.channels() != 1 || alpha.height() != rgb.height() || alpha.width() != rgb.width())) {
            throw new IllegalArgumentException("alpha must be 1x" + rgb.height() + "x" + rgb.width()
                    + " (CxHxW) to match the colour, got " + alpha.shapeString());
        }
    }
}
