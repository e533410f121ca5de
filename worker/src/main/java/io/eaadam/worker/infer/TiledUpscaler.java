package io.eaadam.worker.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.image.StripWriter;
import io.eaadam.common.image.Tiling;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.runtime.GradMode;

import java.io.IOException;

/**
 * Upscales an image of any size in overlapping tiles ({@link Tiling}) and hands the output to a
 * {@link StripWriter} in strips of finished rows, top to bottom. Memory: the input stays as stored
 * samples ({@link RasterImage}); floats exist for one batch of tiles and for one band of output rows
 * (tile side x scale rows of the output width), never for the whole image. The colour goes through the
 * network, clamped to [0, 1] as {@link Upscaler} does; alpha is resized per tile with MATLAB bicubic and
 * blended the same way. A tile as large as the image gives exactly {@link Upscaler}'s output.
 */
public final class TiledUpscaler {

    private final Generator generator;
    private final int tile;
    private final int overlap;
    private final int batch;

    /**
     * @param tile tile side in input pixels
     * @param overlap minimum overlap of neighbouring tiles, at most {@code tile / 2}
     * @param batch tiles per forward pass
     */
    public TiledUpscaler(Generator generator, int tile, int overlap, int batch) {
        Tiling.starts(tile, tile, overlap); // checks the pair
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        this.generator = generator;
        this.tile = tile;
        this.overlap = overlap;
        this.batch = batch;
    }

    public int scale() {
        return generator.scale();
    }

    /**
     * The bytes of the band of output rows that {@link #upscale} holds for an image of this size: four
     * channels (RGB and alpha) of floats, tile x scale rows of the output width.
     */
    public long bandBytes(int width, int height) {
        long s = generator.scale();
        return 4L * Float.BYTES * Tiling.side(height, tile, overlap) * s * width * s;
    }

    /** Upscales {@code image} into {@code writer}, which gets RGB strips, or RGBA when the image has alpha. */
    public void upscale(RasterImage image, StripWriter writer) throws IOException {
        int s = generator.scale();
        int tileWidth = Tiling.side(image.width(), tile, overlap);
        int tileHeight = Tiling.side(image.height(), tile, overlap);
        int[] xs = Tiling.starts(image.width(), tile, overlap);
        int[] ys = Tiling.starts(image.height(), tile, overlap);
        float[][] wx = Tiling.weights(xs, tileWidth, overlap, s);
        float[][] wy = Tiling.weights(ys, tileHeight, overlap, s);
        Band band = new Band(image.hasAlpha() ? 4 : 3, tileHeight * s, image.width() * s);
        for (int r = 0; r < ys.length; r++) {
            for (int first = 0; first < xs.length; first += batch) {
                int count = Math.min(batch, xs.length - first);
                DecodedImage[] inputs = new DecodedImage[count];
                for (int k = 0; k < count; k++) {
                    inputs[k] = image.region(xs[first + k], ys[r], tileWidth, tileHeight);
                }
                float[] outputs = forward(inputs, tileWidth, tileHeight);
                int outPlane = tileWidth * s * tileHeight * s;
                for (int k = 0; k < count; k++) {
                    int column = first + k;
                    band.add(outputs, 3 * outPlane * k, xs[column] * s, tileWidth * s, wx[column], wy[r]);
                    if (inputs[k].alpha() != null) {
                        Image alpha = MatlabResize.resize(inputs[k].alpha(), s);
                        band.addAlpha(alpha.data(), xs[column] * s, tileWidth * s, wx[column], wy[r]);
                    }
                }
            }
            int finished = r + 1 < ys.length ? (ys[r + 1] - ys[r]) * s : tileHeight * s;
            writer.write(band.planes, band.rows, 0, finished);
            band.shift(finished);
        }
    }

    /** The network's clamped outputs for same-sized tiles, one batch, as (count, 3, s*h, s*w) floats. */
    private float[] forward(DecodedImage[] tiles, int width, int height) {
        int plane = 3 * width * height;
        float[] input = new float[tiles.length * plane];
        for (int k = 0; k < tiles.length; k++) {
            System.arraycopy(tiles[k].rgb().data(), 0, input, k * plane, plane);
        }
        try (NDManager scope = generator.weights().newScope();
                GradMode ignored = GradMode.disabled()) {
            NDArray lr = scope.create(input, new Shape(tiles.length, 3, height, width));
            return generator.forward(lr).clip(0f, 1f).toFloatArray();
        }
    }

    /** Output rows still receiving tiles: channel-major planes of {@code rows} rows of the output width. */
    private static final class Band {
        final int channels;
        final int rows;
        final int width;
        final float[] planes;

        Band(int channels, int rows, int width) {
            this.channels = channels;
            this.rows = rows;
            this.width = width;
            this.planes = new float[Math.multiplyExact(Math.multiplyExact(channels, rows), width)];
        }

        /** Adds an RGB tile (CHW at {@code offset}, {@code rows} rows) whose left edge is at column {@code x0}, weighted. */
        void add(float[] tile, int offset, int x0, int tileWidth, float[] wx, float[] wy) {
            addChannels(tile, offset, 0, 3, x0, tileWidth, wx, wy);
        }

        void addAlpha(float[] alpha, int x0, int tileWidth, float[] wx, float[] wy) {
            addChannels(alpha, 0, 3, 1, x0, tileWidth, wx, wy);
        }

        private void addChannels(float[] tile, int offset, int firstChannel, int count, int x0, int tileWidth,
                float[] wx, float[] wy) {
            for (int c = 0; c < count; c++) {
                for (int y = 0; y < rows; y++) {
                    int from = offset + (c * rows + y) * tileWidth;
                    int to = ((firstChannel + c) * rows + y) * width + x0;
                    float rowWeight = wy[y];
                    for (int x = 0; x < tileWidth; x++) {
                        planes[to + x] += tile[from + x] * rowWeight * wx[x];
                    }
                }
            }
        }

        /** Drops the first {@code done} rows (written out) and moves the rest to the top, zeroing the freed rows. */
        void shift(int done) {
            for (int c = 0; c < channels; c++) {
                int base = c * rows * width;
                System.arraycopy(planes, base + done * width, planes, base, (rows - done) * width);
                java.util.Arrays.fill(planes, base + (rows - done) * width, base + rows * width, 0f);
            }
        }
    }
}
