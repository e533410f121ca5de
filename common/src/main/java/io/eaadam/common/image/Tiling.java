package io.eaadam.common.image;

/**
 * Where the tiles of one image axis go and how their outputs are blended. Every tile has the same side
 * (so that a batch can hold them), neighbours overlap by at least {@code overlap} pixels, and the tiles
 * are spread evenly from border to border. The side is the least that covers the axis with as many tiles
 * as tiles of the full side would need: an axis a little longer than one tile is two half tiles, not two
 * full ones overlapping by most of their width (320 pixels in tiles of 256: two of 168, 336 pixels
 * through the network instead of 512). Inside an overlap each tile's share ramps linearly down to
 * its inner edge, where the network's border effects are, and the shares of a pixel sum to one; at the
 * image border a tile keeps full share.
 */
public final class Tiling {

    private Tiling() {}

    /**
     * The side every tile of an axis of {@code length} pixels has: the whole axis if it is at most {@code tile};
     * else the least side, at most {@code tile} and at least twice the overlap, with which as many tiles as
     * full ones would need cover the axis overlapping by {@code overlap}.
     */
    public static int side(int length, int tile, int overlap) {
        if (length <= tile) {
            return length;
        }
        int count = count(length, tile, overlap);
        int least = (length + (count - 1) * overlap + count - 1) / count;
        return Math.min(tile, Math.max(least, 2 * overlap));
    }

    /** How many tiles of {@code tile} pixels overlapping by {@code overlap} cover an axis longer than one. */
    private static int count(int length, int tile, int overlap) {
        int stride = tile - overlap;
        return 1 + (length - tile + stride - 1) / stride;
    }

    /**
     * The first pixel of each tile along an axis of {@code length} pixels.
     *
     * @throws IllegalArgumentException unless {@code 0 <= overlap <= tile / 2}
     */
    public static int[] starts(int length, int tile, int overlap) {
        if (tile < 1 || overlap < 0 || 2 * overlap > tile) {
            throw new IllegalArgumentException("tiles need 0 <= overlap <= tile / 2, got tile " + tile
                    + " and overlap " + overlap);
        }
        if (length <= tile) {
            return new int[] {0};
        }
        int side = side(length, tile, overlap);
        int gaps = count(length, tile, overlap) - 1;
        int[] starts = new int[gaps + 1];
        for (int i = 0; i <= gaps; i++) {
            starts[i] = (int) ((long) i * (length - side) / gaps);
        }
        return starts;
    }

    /**
     * Blend weights of each tile along an axis at output resolution: {@code weights[i][j]} is the share of
     * tile {@code i} in output pixel {@code scale * starts[i] + j}.
     *
     * @param starts from {@link #starts}, in input pixels
     * @param side the tile side in input pixels
     * @param overlap the ramp length in input pixels (the overlap {@link #starts} was given)
     */
    public static float[][] weights(int[] starts, int side, int overlap, int scale) {
        int out = side * scale;
        int length = (starts[starts.length - 1] + side) * scale;
        float[] sums = new float[length];
        float[][] weights = new float[starts.length][out];
        for (int i = 0; i < starts.length; i++) {
            for (int j = 0; j < out; j++) {
                float share = 1;
                if (overlap > 0 && starts[i] > 0) {
                    share = Math.min(share, (j + 0.5f) / (overlap * scale));
                }
                if (overlap > 0 && starts[i] * scale + out < length) {
                    share = Math.min(share, (out - j - 0.5f) / (overlap * scale));
                }
                weights[i][j] = share;
                sums[starts[i] * scale + j] += share;
            }
        }
        for (int i = 0; i < starts.length; i++) {
            for (int j = 0; j < out; j++) {
                weights[i][j] /= sums[starts[i] * scale + j];
            }
        }
        return weights;
    }
}
