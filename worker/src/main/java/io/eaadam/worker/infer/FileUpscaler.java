package io.eaadam.worker.infer;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageFile;
import io.eaadam.common.image.ImageHeader;
import io.eaadam.common.image.JpegStripWriter;
import io.eaadam.common.image.PngStreamWriter;
import io.eaadam.common.image.RasterImage;
import io.eaadam.common.image.StripWriter;
import io.eaadam.common.image.TiffStripWriter;
import io.eaadam.common.upscale.UpscaleRecord;

import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upscales one file into another: the file is read once within the byte limit and its header checked
 * against the pixel and band limits before anything is decoded, the input is held as stored samples with
 * its EXIF orientation applied, tiles go through
 * {@link TiledUpscaler}, and the output is streamed to a temporary name and renamed when complete
 * ({@link Storage#writeAtomically}). A bad input becomes a failed record, never an exception.
 */
public final class FileUpscaler {

    private static final Logger logger = LoggerFactory.getLogger(FileUpscaler.class);

    /** Outputs started in this JVM, for the {@code upscale.halt-at-output} test hook. */
    private static final AtomicInteger OUTPUTS_STARTED = new AtomicInteger();

    private final TiledUpscaler upscaler;
    private final EaAdamConfig.Upscale settings;

    public FileUpscaler(TiledUpscaler upscaler, EaAdamConfig.Upscale settings) {
        this.upscaler = upscaler;
        this.settings = settings;
    }

    /**
     * Upscales {@code source} into {@code target}. Whatever goes wrong with this input (unreadable, not an
     * image, too large by bytes, pixels or output band, failing while upscaled) gives a failed record naming
     * it, never an exception, so one input never fails a job.
     */
    public UpscaleRecord upscale(Path source, Path target) {
        long start = System.nanoTime();
        String name = source.toString();
        long inputBytes = 0;
        try {
            inputBytes = Storage.fs(source).getFileStatus(source).getLen();
            ImageFile file = ImageFile.read(source, settings.inputLimits());
            ImageHeader header = file.header();
            int s = upscaler.scale();
            long outputPixels = header.pixels() * s * s;
            boolean jpeg = settings.format() == OutputFormat.JPEG;
            if (jpeg && outputPixels > settings.jpegMaxOutputPixels()) {
                return failed(source, target, inputBytes, start, String.format(Locale.ROOT,
                        "%s: a %d-pixel output is more than upscale.jpeg-max-output-pixels = %d (JPEG output is "
                        + "assembled in memory); use --format png, which is written in strips", name, outputPixels,
                        settings.jpegMaxOutputPixels()));
            }
            long band = upscaler.bandBytes(header.orientedWidth(), header.orientedHeight());
            if (band > settings.maxBandMb() << 20) {
                return failed(source, target, inputBytes, start, String.format(Locale.ROOT,
                        "%s: %d pixels wide, its band of output rows needs %d MB, more than upscale.max-band-mb = %d; "
                        + "a smaller --tile lowers it", name, header.orientedWidth(), band >> 20, settings.maxBandMb()));
            }
            RasterImage image = file.decodeRaster();
            int width = image.width() * s;
            int height = image.height() * s;
            boolean halt = OUTPUTS_STARTED.incrementAndGet() == settings.haltAtOutput();
            Storage.writeAtomically(target, out -> {
                try (StripWriter writer = writer(out, image, width, height)) {
                    upscaler.upscale(image, halt ? haltingHalfWay(writer, height, out) : writer);
                    writer.finish();
                }
            });
            // The report's reason column carries the one note an upscaled input can have.
            String note = image.pages() > 1
                    ? name + ": only the first of its " + image.pages() + " pages was upscaled" : "";
            return new UpscaleRecord(source.toString(), target.toString(), UpscaleRecord.OK, inputBytes,
                    image.width(), image.height(), Storage.fs(target).getFileStatus(target).getLen(), width, height,
                    seconds(start), note);
        } catch (IOException | IllegalArgumentException e) {
            return failed(source, target, inputBytes, start, reason(name, e));
        } catch (RuntimeException | OutOfMemoryError e) {
            logger.warn("{}: upscaling failed", name, e);
            return failed(source, target, inputBytes, start, reason(name, e));
        }
    }

    /**
     * The output's writer, at the input's bit depth (PNG and TIFF) and with its colour profile, where the format
     * holds one: PNG's iCCP chunk, TIFF's tag 34675, JPEG's APP2 segments. Inputs a decoder converted to sRGB
     * (CMYK JPEGs) have no profile left, so neither has their output.
     */
    private StripWriter writer(OutputStream out, RasterImage image, int width, int height) throws IOException {
        return switch (settings.format()) {
            case PNG -> new PngStreamWriter(out, width, height, image.bitDepth(), image.hasAlpha(),
                    settings.pngCompression(), image.iccProfile());
            case TIFF -> new TiffStripWriter(out, width, height, image.bitDepth(), image.hasAlpha(),
                    settings.pngCompression(), image.iccProfile());
            case JPEG -> new JpegStripWriter(out, width, height, settings.quality() / 100f, image.iccProfile());
        };
    }

    private static String reason(String name, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return reason.startsWith(name) ? reason : name + ": " + reason;
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

            @Override
            public void close() throws IOException {
                writer.close();
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
