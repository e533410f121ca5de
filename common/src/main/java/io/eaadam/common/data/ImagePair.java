package io.eaadam.common.data;

import io.eaadam.common.image.Image;
import java.util.Objects;

/**
 * A training or evaluation pair: an RGB low-resolution image and its high-resolution original,
 * exactly {@link #scale()} times larger in both dimensions. Alpha never enters training (see
 * {@link io.eaadam.common.image.DecodedImage}).
 *
 * @param name the HR file's name, for logs and reports
 * @param lr 3 channels
 * @param hr 3 channels, {@code scale * lr.height() x scale * lr.width()}
 */
public record ImagePair(String name, Image lr, Image hr) {

    public ImagePair {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lr, "lr");
        Objects.requireNonNull(hr, "hr");
        if (lr.channels() != 3 || hr.channels() != 3) {
            throw new IllegalArgumentException(name + ": LR and HR must be RGB, got " + lr.shapeString()
                    + " and " + hr.shapeString() + " (CxHxW)");
        }
        int scale = hr.height() / lr.height();
        if (hr.height() != scale * lr.height() || hr.width() != scale * lr.width()) {
            throw new IllegalArgumentException(name + ": HR " + hr.width() + "x" + hr.height()
                    + " is not a whole multiple of LR " + lr.width() + "x" + lr.height() + " in both dimensions");
        }
    }

    /** HR side / LR side. */
    public int scale() {
        return hr.height() / lr.height();
    }

    /** The memory the two images' samples take. */
    public long sizeInBytes() {
        return 4L * (lr.data().length + hr.data().length);
    }
}
