package io.eaadam.common.metrics;

import io.eaadam.common.image.Image;

/** The checks and border cropping that PSNR and SSIM share. */
final class MetricInputs {

    private MetricInputs() {
    }

    /**
     * Checks that {@code sr} and {@code hr} are RGB images of one size that keep at least
     * {@code minSide} pixels per side after losing {@code cropBorder} pixels at every border.
     */
    static void check(Image sr, Image hr, int cropBorder, int minSide) {
        if (!sr.sameShape(hr)) {
            throw new IllegalArgumentException("SR and HR images must have the same size, got SR "
                    + sr.shapeString() + " and HR " + hr.shapeString() + " (CxHxW)");
        }
        if (sr.channels() != 3) {
            throw new IllegalArgumentException("metrics need RGB images, got " + sr.shapeString() + " (CxHxW)");
        }
        if (cropBorder < 0) {
            throw new IllegalArgumentException("crop border must not be negative, got " + cropBorder);
        }
        if (Math.min(sr.height(), sr.width()) - 2L * cropBorder < minSide) {
            throw new IllegalArgumentException("a " + sr.width() + "x" + sr.height() + " image cropped by "
                    + cropBorder + " pixels per border leaves less than the " + minSide
                    + " pixels per side this metric needs");
        }
    }

    /** {@code image} without {@code border} pixels at every border (the image itself for 0). */
    static Image crop(Image image, int border) {
        return border == 0 ? image
                : image.crop(border, border, image.width() - 2 * border, image.height() - 2 * border);
    }
}
