package io.eaadam.common.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a baseline little-endian TIFF (RGB or RGBA, 8 or 16 bits, Deflate) from
 * horizontal strips as they become ready. A TIFF's directory must give every strip's offset and compressed
 * size, which are known only once the strips are compressed, and the header before them must point at the
 * directory; outputs are written forward only (HDFS and object stores cannot seek back), so each strip is
 * compressed as soon as its rows are in and appended to a spool file on the local disk, and {@link #finish}
 * writes the header, the directory and then the spooled strips to the output. Memory holds one strip of
 * samples and two numbers a strip, whatever the image's size. Values are clamped and rounded as
 * {@link ImageCodec#encodePng} does. Classic TIFF addresses 4 GiB; a larger output is refused.
 */
public final class TiffStripWriter implements StripWriter {

    /** About this many uncompressed bytes a strip, as libtiff's writers aim for. */
    private static final int STRIP_BYTES = 1 << 16;

    private static final short SHORT = 3;
    private static final short LONG = 4;
    private static final short RATIONAL = 5;
    private static final short UNDEFINED = 7;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final int channels;
    private final int bitDepth;
    private final int max;
    private final byte[] iccProfile;
    private final int rowsPerStrip;
    private final int rowBytes;
    private final ByteBuffer strip;
    private final Deflater deflater;
    private final Path spoolFile;
    private final CountingStream spool;
    private final long[] stripSizes;
    private int rowsWritten;

    /**
     * Opens the spool file; nothing is written to {@code out} before {@link #finish}.
     *
     * @param alpha whether strips carry a fourth (alpha) channel, written as unassociated alpha
     * @param bitDepth 8 or 16
     * @param compression zlib level, 0 (none) to 9 (smallest)
     * @param iccProfile the colour profile to embed (tag 34675), or {@code null} for none (sRGB)
     */
    public TiffStripWriter(OutputStream out, int width, int height, int bitDepth, boolean alpha, int compression,
            byte[] iccProfile) throws IOException {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("TIFF sides must be positive, got " + width + "x" + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.max = Image.maxLevel(bitDepth);
        this.bitDepth = bitDepth;
        this.channels = alpha ? 4 : 3;
        this.iccProfile = iccProfile == null ? null : iccProfile.clone();
        long row = (long) width * channels * bitDepth / 8;
        if (row > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a TIFF row of " + width + " pixels is too long");
        }
        this.rowBytes = (int) row;
        this.rowsPerStrip = (int) Math.max(1, Math.min(height, STRIP_BYTES / row));
        this.strip = ByteBuffer.allocate(rowsPerStrip * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        this.stripSizes = new long[(height + rowsPerStrip - 1) / rowsPerStrip];
        this.deflater = new Deflater(compression);
        this.spoolFile = Files.createTempFile("eaadam-tiff-", ".strips");
        this.spool = new CountingStream(new BufferedOutputStream(Files.newOutputStream(spoolFile), 1 << 16));
    }

    @Override
    public void write(float[] planes, int planeRows, int firstRow, int rows) throws IOException {
        if (rowsWritten + rows > height) {
            throw new IllegalStateException("the TIFF has " + height + " rows; " + rowsWritten + " are written and "
                    + rows + " more came");
        }
        int plane = planeRows * width;
        for (int row = firstRow; row < firstRow + rows; row++) {
            // No Predictor tag (317): the JDK's TIFF decoder, for one, cannot undo it on 16-bit samples.
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int level = Image.level(planes[c * plane + row * width + x], max);
                    if (bitDepth == 16) {
                        strip.putShort((short) level);
                    } else {
                        strip.put((byte) level);
                    }
                }
            }
            rowsWritten++;
            if (!strip.hasRemaining() || rowsWritten == height) {
                flushStrip();
            }
        }
    }

    private void flushStrip() throws IOException {
        long before = spool.count;
        deflater.reset();
        DeflaterOutputStream compressed = new DeflaterOutputStream(spool, deflater, 1 << 16);
        compressed.write(strip.array(), 0, strip.position());
        compressed.finish();
        stripSizes[(rowsWritten - 1) / rowsPerStrip] = spool.count - before;
        strip.clear();
    }

    /** Writes the header, the directory and the strips; {@code out} is flushed, not closed. */
    @Override
    public void finish() throws IOException {
        if (rowsWritten != height) {
            throw new IllegalStateException("the TIFF has " + height + " rows but only " + rowsWritten
                    + " were written");
        }
        spool.close();
        out.write(directory());
        try (InputStream strips = Files.newInputStream(spoolFile)) {
            strips.transferTo(out);
        }
        out.flush();
        discardSpool();
    }

    /** The 8-byte header and IFD0 with its values, laid out to end where the first strip starts. */
    private byte[] directory() throws IOException {
        int strips = stripSizes.length;
        long[] stripOffsets = new long[strips];
        Entry[] entries = {
            new Entry(256, LONG, new long[] {width}), // ImageWidth
            new Entry(257, LONG, new long[] {height}), // ImageLength
            new Entry(258, SHORT, filled(channels, bitDepth)), // BitsPerSample
            new Entry(259, SHORT, new long[] {8}), // Compression: Deflate (zlib)
            new Entry(262, SHORT, new long[] {2}), // PhotometricInterpretation: RGB
            new Entry(273, LONG, stripOffsets), // filled in below, once the directory's size is known
            new Entry(277, SHORT, new long[] {channels}), // SamplesPerPixel
            new Entry(278, LONG, new long[] {rowsPerStrip}), // RowsPerStrip
            new Entry(279, LONG, stripSizes), // StripByteCounts
            new Entry(282, RATIONAL, new long[] {72, 1}), // XResolution
            new Entry(283, RATIONAL, new long[] {72, 1}), // YResolution
            new Entry(284, SHORT, new long[] {1}), // PlanarConfiguration: chunky
            new Entry(296, SHORT, new long[] {2}), // ResolutionUnit: inch
            channels == 4 ? new Entry(338, SHORT, new long[] {2}) : null, // ExtraSamples: unassociated alpha
            iccProfile != null ? new Entry(34675, UNDEFINED, null) : null, // ICC profile
        };
        Entry[] present = Arrays.stream(entries).filter(e -> e != null).toArray(Entry[]::new);
        long valuesStart = 8 + 2 + 12L * present.length + 4;
        long end = valuesStart;
        for (Entry entry : present) {
            end += entry.outOfLineBytes(iccProfile);
        }
        long offset = end;
        for (int i = 0; i < strips; i++) {
            stripOffsets[i] = offset;
            offset += stripSizes[i];
        }
        if (offset > 0xFFFFFFFFL) {
            throw new IOException("a " + offset + "-byte TIFF is more than classic TIFF's 4 GiB; use --format png");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        bytes.putShort((short) present.length);
        long value = valuesStart;
        for (Entry entry : present) {
            bytes.putShort((short) entry.tag).putShort(entry.type)
                    .putInt(entry.type == UNDEFINED ? iccProfile.length : entry.count());
            int outOfLine = entry.outOfLineBytes(iccProfile);
            if (outOfLine > 0) {
                bytes.putInt((int) value);
                int at = bytes.position();
                bytes.position((int) value);
                entry.put(bytes, iccProfile);
                bytes.position(at);
                value += outOfLine;
            } else {
                int at = bytes.position();
                entry.put(bytes, iccProfile);
                bytes.position(at + 4);
            }
        }
        bytes.putInt(0); // no next IFD
        return bytes.array();
    }

    private static long[] filled(int count, long value) {
        long[] values = new long[count];
        Arrays.fill(values, value);
        return values;
    }

    /** Deletes the spool file of a writer that will not finish. */
    @Override
    public void close() throws IOException {
        discardSpool();
    }

    private void discardSpool() throws IOException {
        deflater.end();
        spool.close();
        Files.deleteIfExists(spoolFile);
    }

    /** One directory entry: SHORT, LONG and RATIONAL values, or (UNDEFINED) the ICC profile. */
    private record Entry(int tag, short type, long[] values) {

        int count() {
            return type == RATIONAL ? values.length / 2 : values.length;
        }

        /** Bytes of its values when they do not fit in the entry's 4 bytes, kept even (word-aligned); else 0. */
        int outOfLineBytes(byte[] iccProfile) {
            int bytes = switch (type) {
                case SHORT -> 2 * values.length;
                case UNDEFINED -> iccProfile.length;
                default -> 4 * values.length; // LONG, and RATIONAL as two LONGs
            };
            return bytes <= 4 ? 0 : bytes + (bytes & 1);
        }

        void put(ByteBuffer bytes, byte[] iccProfile) {
            if (type == UNDEFINED) {
                bytes.put(iccProfile);
                return;
            }
            for (long value : values) {
                if (type == SHORT) {
                    bytes.putShort((short) value);
                } else {
                    bytes.putInt((int) value);
                }
            }
        }
    }

    /** Counts the bytes written, for the strips' sizes and offsets. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
