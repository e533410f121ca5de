package io.eaadam.common.image;

import java.io.Serializable;
import java.util.Locale;

/**
 * How large an image file may be before anything is decoded: its size on disk, and the pixels its header
 * declares (a 1 MB PNG may declare 20000x20000). Each limit is named by the setting that holds it, so a
 * refusal says what to change.
 */
public record ImageLimits(long maxBytes, String bytesSetting, long maxPixels, String pixelsSetting)
        implements Serializable {

    /**
     * @throws ImageFormatException naming the file, its pixels and the setting they exceed
     */
    public void check(ImageHeader header, String name) throws ImageFormatException {
        if (header.pixels() > maxPixels) {
            throw new ImageFormatException(name, String.format(Locale.ROOT, "%dx%d = %d pixels, more than %s = %d",
                    header.width(), header.height(), header.pixels(), pixelsSetting, maxPixels));
        }
    }
}
