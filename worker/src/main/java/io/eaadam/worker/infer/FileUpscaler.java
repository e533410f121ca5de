package io.eaadam.worker.infer;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.ImageHeader;
import io.eaadam.common.image.JpegStripWriter;
import io.eaadam.common.image.PngStreamWriter;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.image.StripWriter;
import io.eaadam.common.upscale.UpscaleRecord;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upscales one file into another: the header is checked against the pixel limits before anything is
 * decoded, the input is held as stored samples with its EXIF orientation applied, tiles go through
 * {@link TiledUpscaler}, and the output is streamed to a temporary name and renamed when complete
 * ({@link Storage#writeAtomically}). A bad input becomes a failed record, never an exception.
 */
public final class FileUpscaler {

    /** Outputs started in this JVM, for the {@code upscale.halt-at-output} test hook. */
    private static final AtomicInteger OUTPUTS_STARTED = new AtomicInteger();

    private final TiledUpscaler upscaler;
    private final EaAdamConfig.Upscale settings;

    public FileUpscaler(TiledUpscaler upscaler, EaAdamConfig.Upscale settings) {
        this.upscaler = upscaler;
        this.settings = settings;
    }

    /** Upscales {@code source} into {@code target}; an input that cannot be upscaled gives a failed record. */
    public UpscaleRecord upscale(Path source, Path target) throws IOException {
        long start = System.nanoTime();
        FileSystem fs = Storage.fs(source);
        String name = source.toString();
        long inputBytes = 0;
        try {
            inputBytes = fs.getFileStatus(source).getLen();
            ImageHeader header;
            try (FSDataInputStream in = fs.open(source)) {
                header = ImageHeader.read(in, name);
            }
            int s = upscaler.scale();
            long outputPixels = header.pixels() * s * s;
            if (header.pixels() > settings.maxInputPixels()) {
                return failed(source, target, inputBytes, start, String.format(Locale.ROOT,
                        "%s: %dx%d = %d pixels, more than upscale.max-input-pixels = %d", name, header.width(),
                        header.height(), header.pixels(), settings.maxInputPixels()));
            }
            boolean jpeg = settings.format() == OutputFormat.JPEG;
            if (jpeg && outputPixels > settings.jpegMaxOutputPixels()) {
                return failed(source, target, inputBytes, start, String.format(Locale.ROOT,
                        "%s: a %d-pixel output is more than upscale.jpeg-max-output-pixels = %d (JPEG output is "
                        + "assembled in memory); use --format png, which is written in strips", name, outputPixels,
                        settings.jpegMaxOutputPixels()));
            }
            RasterImage image = ImageCodec.decodeRaster(Storage.readAll(source), name).oriented(header.orientation());
            int width = image.width() * s;
            int height = image.height() * s;
            boolean halt = OUTPUTS_STARTED.incrementAndGet() == settings.haltAtOutput();
            Storage.writeAtomically(target, out -> {
                StripWriter writer = jpeg ? new JpegStripWriter(out, width, height, settings.quality() / 100f)
                        : new PngStreamWriter(out, width, height, image.bitDepth(), image.hasAlpha(),
                                settings.pngCompression());
                upscaler.upscale(image, halt ? haltingHalfWay(writer, height, out) : writer);
                writer.finish();
            });
            return new UpscaleRecord(source.toString(), target.toString(), UpscaleRecord.OK, inputBytes,
                    image.width(), image.height(), Storage.fs(target).getFileStatus(target).getLen(), width, height,
                    seconds(start), "");
        } catch (IOException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(source, target, inputBytes, start, reason.startsWith(name) ? reason : name + ": " + reason);
        }
    }

    /** The test hook: the JVM dies once half of the output's rows are written, leaving a partial temporary. */
    private static StripWriter haltingHalfWay(StripWriter writer, int height, OutputStream out) {
        return new StripWriter() {
            private int rows;

            @Override
            public void write(float[] planes, int planeRows, int firstRow, int count) throws IOException {
                writer.write(planes, planeRows, firstRow, count);
                rows += count;
                if (rows >= height / 2) {
                    out.flush();
                    Runtime.getRuntime().halt(137);
                }
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }
        };
    }

    private static UpscaleRecord failed(Path source, Path target, long inputBytes, long start, String reason) {
        return UpscaleRecord.failed(source.toString(), target.toString(), inputBytes, seconds(start), reason);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
