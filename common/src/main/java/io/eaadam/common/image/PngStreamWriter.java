package io.eaadam.common.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a PNG (RGB or RGBA, 8 or 16 bits) from horizontal strips as they become ready, so that an
 * image far larger than the heap can be written: IHDR first, then IDAT chunks deflated row by row,
 * then IEND. Only one row and one chunk are buffered. Rows are Paeth-filtered, which suits photos.
 * Values are clamped and rounded as {@link ImageCodec#encodePng} does, so both give the same pixels.
 */
public final class PngStreamWriter implements StripWriter {

    private static final int CHUNK_BYTES = 1 << 16;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final int channels;
    private final int bytesPerSample;
    private final int max;
    private final DeflaterOutputStream deflated;
    private final Deflater deflater;
    private byte[] previous;
    private byte[] current;
    private final byte[] filtered;
    private int rowsWritten;

    /** As {@link #PngStreamWriter(OutputStream, int, int, int, boolean, int, byte[])} without a colour profile. */
    public PngStreamWriter(OutputStream out, int width, int height, int bitDepth, boolean alpha, int compression)
            throws IOException {
        this(out, width, height, bitDepth, alpha, compression, null);
    }

    /**
     * Writes the signature, IHDR and (given a profile) iCCP at once.
     *
     * @param alpha whether strips carry a fourth (alpha) channel
     * @param bitDepth 8 or 16
     * @param compression zlib level, 0 (none) to 9 (smallest)
     * @param iccProfile the colour profile to embed, or {@code null} for none (sRGB)
     */
    public PngStreamWriter(OutputStream out, int width, int height, int bitDepth, boolean alpha, int compression,
            byte[] iccProfile) throws IOException {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("PNG sides must be positive, got " + width + "x" + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.max = Image.maxLevel(bitDepth);
        this.channels = alpha ? 4 : 3;
        this.bytesPerSample = bitDepth / 8;
        long rowBytes = (long) width * channels * bytesPerSample;
        if (rowBytes + 1 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a PNG row of " + width + " pixels is too long");
        }
        this.previous = new byte[(int) rowBytes];
        this.current = new byte[(int) rowBytes];
        this.filtered = new byte[(int) rowBytes + 1];
        out.write(PngHeader.SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        writeInt(ihdr, width);
        writeInt(ihdr, height);
        ihdr.write(bitDepth);
        ihdr.write(alpha ? 6 : 2);
        ihdr.write(new byte[] {0, 0, 0}); // deflate, adaptive filtering, no interlace
        chunk(out, "IHDR", ihdr.toByteArray(), ihdr.size());
        if (iccProfile != null) {
            ByteArrayOutputStream iccp = new ByteArrayOutputStream();
            iccp.write("ICC profile".getBytes(StandardCharsets.ISO_8859_1));
            iccp.write(new byte[] {0, 0}); // the name's end, and compression method 0 (zlib)
            Deflater profileDeflater = new Deflater(Deflater.BEST_COMPRESSION);
            try (DeflaterOutputStream profile = new DeflaterOutputStream(iccp, profileDeflater)) {
                profile.write(iccProfile);
            } finally {
                profileDeflater.end();
            }
            chunk(out, "iCCP", iccp.toByteArray(), iccp.size());
        }
        this.deflater = new Deflater(compression);
        this.deflated = new DeflaterOutputStream(new ChunkStream(), deflater, CHUNK_BYTES);
    }

    /** Appends the rows of {@code strip} (3 or 4 channels as the header says, the image's width). */
    public void write(Image strip) throws IOException {
        if (strip.channels() != channels || strip.width() != width) {
            throw new IllegalArgumentException("a strip of this " + width + "-wide " + (channels == 4 ? "RGBA" : "RGB")
                    + " PNG must be " + channels + "xHx" + width + " (CxHxW), got " + strip.shapeString());
        }
        write(strip.data(), strip.height(), 0, strip.height());
    }

    @Override
    public void write(float[] planes, int planeRows, int firstRow, int rows) throws IOException {
        if (rowsWritten + rows > height) {
            throw new IllegalStateException("the PNG has " + height + " rows; " + rowsWritten + " are written and "
                    + rows + " more came");
        }
        int plane = planeRows * width;
        int pixelBytes = channels * bytesPerSample;
        for (int row = firstRow; row < firstRow + rows; row++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int level = Image.level(planes[c * plane + row * width + x], max);
                    int at = x * pixelBytes + c * bytesPerSample;
                    if (bytesPerSample == 2) {
                        current[at] = (byte) (level >>> 8);
                        current[at + 1] = (byte) level;
                    } else {
                        current[at] = (byte) level;
                    }
                }
            }
            paeth(pixelBytes);
            deflated.write(filtered);
            byte[] swap = previous;
            previous = current;
            current = swap;
            rowsWritten++;
        }
    }

    /** Ends the image data and writes IEND; {@code out} is flushed, not closed. */
    @Override
    public void finish() throws IOException {
        if (rowsWritten != height) {
            throw new IllegalStateException("the PNG has " + height + " rows but only " + rowsWritten + " were written");
        }
        deflated.finish();
        deflater.end();
        chunk(out, "IEND", new byte[0], 0);
        out.flush();
    }

    private void paeth(int pixelBytes) {
        filtered[0] = 4;
        for (int i = 0; i < current.length; i++) {
            int left = i >= pixelBytes ? current[i - pixelBytes] & 0xFF : 0;
            int up = previous[i] & 0xFF;
            int upLeft = i >= pixelBytes ? previous[i - pixelBytes] & 0xFF : 0;
            int p = left + up - upLeft;
            int pa = Math.abs(p - left);
            int pb = Math.abs(p - up);
            int pc = Math.abs(p - upLeft);
            int predictor = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft);
            filtered[i + 1] = (byte) (current[i] - predictor);
        }
    }

    /** Cuts the deflated stream into IDAT chunks. */
    private final class ChunkStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] body = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            chunk(out, "IDAT", body, len);
        }
    }

    private static void chunk(OutputStream out, String type, byte[] body, int length) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        writeInt(out, length);
        out.write(typeBytes);
        out.write(body, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body, 0, length);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
