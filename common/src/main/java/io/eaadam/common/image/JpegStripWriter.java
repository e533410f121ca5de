package io.eaadam.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a baseline JPEG (8-bit RGB) from strips. The JDK encoder takes a whole image, so the strips are
 * gathered as 8-bit samples (3 bytes a pixel, a quarter of the float size) and encoded at the end;
 * callers bound the pixel count (upscale.jpeg-max-output-pixels). An alpha plane, when the strips carry
 * one, is dropped: JPEG has none.
 */
public final class JpegStripWriter implements StripWriter {

    private final OutputStream out;
    private final float quality;
    private final int width;
    private final int height;
    private final BufferedImage image;
    private int rowsWritten;

    /**
     * @param quality from 0 (smallest) to 1 (best)
     * @param iccProfile the colour profile to embed (APP2 segments), or {@code null} for none (sRGB)
     */
    public JpegStripWriter(OutputStream out, int width, int height, float quality, byte[] iccProfile) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        this.out = out;
        this.quality = quality;
        this.width = width;
        this.height = height;
        this.image = ImageCodec.blankImage(width, height, false, 8, iccProfile);
    }

    @Override
    public void write(float[] planes, int planeRows, int firstRow, int rows) throws IOException {
        if (rowsWritten + rows > height) {
            throw new IllegalStateException("the JPEG has " + height + " rows; " + rowsWritten + " are written and "
                    + rows + " more came");
        }
        WritableRaster raster = image.getRaster();
        int[] levels = new int[width];
        int plane = planeRows * width;
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < 3; c++) {
                int from = c * plane + (firstRow + row) * width;
                for (int x = 0; x < width; x++) {
                    levels[x] = Image.level(planes[from + x], 255);
                }
                raster.setSamples(0, rowsWritten, width, 1, c, levels);
            }
            rowsWritten++;
        }
    }

    @Override
    public void finish() throws IOException {
        if (rowsWritten != height) {
            throw new IllegalStateException("the JPEG has " + height + " rows but only " + rowsWritten + " were written");
        }
        ImageCodec.encodeJpeg(image, quality, out);
    }
}
