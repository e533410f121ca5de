package io.eaadam.common.data;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.image.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a pair into the aligned tiles on which the EA measures its objectives (method 6.2): a grid of
 * non-overlapping HR tiles of side {@code tile} (LR {@code tile / scale}) in row-major order, partial
 * tiles at the right and bottom dropped. An image with more than {@code max-tiles} tiles keeps only
 * {@code keep-count} of them from index {@code keep-from} (clipped to the tiles there are), which for
 * large photos is a band through the middle; smaller images keep all.
 */
public final class TileGrid {

    private final int scale;
    private final int tile;
    private final int maxTiles;
    private final int keepFrom;
    private final int keepCount;

    /** @param set tile, max-tiles, keep-from and keep-count; the folders and image count are not used here */
    public TileGrid(EaAdamConfig.EaSet set, int scale) {
        if (scale < 1 || set.tile() % scale != 0) {
            throw new IllegalArgumentException("tile " + set.tile() + " must be a multiple of scale " + scale);
        }
        this.scale = scale;
        this.tile = set.tile();
        this.maxTiles = set.maxTiles();
        this.keepFrom = set.keepFrom();
        this.keepCount = set.keepCount();
    }

    /**
     * The kept tiles of {@code pair}, in row-major order, as one batch.
     *
     * @throws IllegalArgumentException when the pair has another scale or no tile is kept (the image is
     *     smaller than a tile, or keep-from is past its last tile)
     */
    public Batch tiles(ImagePair pair) {
        if (pair.scale() != scale) {
            throw new IllegalArgumentException(pair.name() + ": pair has scale " + pair.scale() + "; expected "
                    + scale);
        }
        int columns = pair.hr().width() / tile;
        int total = pair.hr().height() / tile * columns;
        int from = total > maxTiles ? keepFrom : 0;
        int to = total > maxTiles ? (int) Math.min(total, (long) keepFrom + keepCount) : total;
        if (from >= to) {
            String why = total == 0 ? "expected at least " + tile + " pixels on each side"
                    : "keep-from " + keepFrom + " is past the last; expected keep-from below max-tiles";
            throw new IllegalArgumentException(pair.name() + ": HR " + pair.hr().width() + "x" + pair.hr().height()
                    + " holds " + total + " whole " + tile + "-pixel tiles and none is kept; " + why);
        }
        int lrTile = tile / scale;
        List<Image> lr = new ArrayList<>(to - from);
        List<Image> hr = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            int row = index / columns;
            int column = index % columns;
            lr.add(pair.lr().crop(column * lrTile, row * lrTile, lrTile, lrTile));
            hr.add(pair.hr().crop(column * tile, row * tile, tile, tile));
        }
        return Batch.stack(lr, hr);
    }
}
