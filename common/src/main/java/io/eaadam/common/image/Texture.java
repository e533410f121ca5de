package io.eaadam.common.image;

/**
 * Where an image has detail: the sum of absolute differences between neighbouring pixels (all channels) in
 * a window. A report's crop taken there shows what models do to edges and texture; one taken from flat sky
 * shows nothing.
 */
public final class Texture {

    /** A window of an image and its detail. */
    public record Window(int x, int y, int width, int height, double detail) {}

    private Texture() {}

    /**
     * The {@code side} x {@code side} window (or the whole image where it is smaller) with the most detail,
     * among windows {@code side / 2} apart.
     */
    public static Window busiest(Image image, int side) {
        int w = Math.min(side, image.width());
        int h = Math.min(side, image.height());
        int stride = Math.max(1, Math.min(w, h) / 2);
        Window best = null;
        for (int y = 0; y + h <= image.height(); y += stride) {
            for (int x = 0; x + w <= image.width(); x += stride) {
                Window window = new Window(x, y, w, h, detail(image, x, y, w, h));
                if (best == null || window.detail() > best.detail()) {
                    best = window;
                }
            }
        }
        return best;
    }

    /** The sum of absolute differences to the right and lower neighbour inside the window. */
    static double detail(Image image, int x0, int y0, int w, int h) {
        double sum = 0;
        for (int c = 0; c < image.channels(); c++) {
            for (int y = y0; y < y0 + h; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    float v = image.get(c, y, x);
                    if (x + 1 < x0 + w) {
                        sum += Math.abs(image.get(c, y, x + 1) - v);
                    }
                    if (y + 1 < y0 + h) {
                        sum += Math.abs(image.get(c, y + 1, x) - v);
                    }
                }
            }
        }
        return sum;
    }
}
