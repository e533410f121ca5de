package io.eaadam.common.data;

import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageFile;
import io.eaadam.common.image.ImageFormatException;
import io.eaadam.common.image.ImageLimits;
import io.eaadam.common.image.MatlabResize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds LR/HR pairs from an HR folder and an optional LR folder, BasicSR style:
 *
 * <ul>
 *   <li>HR and LR files pair by file stem: HR {@code 0001.png} takes LR {@code 0001.<ext>} or
 *       {@code 0001x<scale>.<ext>} (the DIV2K naming), whatever the extensions;
 *   <li>the HR is cropped at the top-left to a multiple of the scale (BasicSR's mod-crop);
 *   <li>a stored LR must then be exactly HR / scale; without an LR folder the LR is the MATLAB
 *       bicubic downscale of the cropped HR, quantised to the HR's bit depth as a stored LR file
 *       would be.
 * </ul>
 *
 * Files that cannot be used (unreadable, not an image, truncated, without an LR partner, of
 * mismatched or too small size) are skipped and reported, never fatal; only a folder with no usable
 * pair at all is an error. Loading is deterministic, so a pair can be dropped from memory and loaded
 * again. Instances are immutable and thread-safe.
 */
public final class PairLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PairLoader.class);
    /** What this JVM has said: a folder read again (the report's crops after every generation) is not news. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    /** Skip reasons quoted in the error for a folder without usable pairs; the log has them all. */
    private static final int REASONS_IN_ERROR = 5;

    private final int scale;
    private final ImageLimits limits;

    /**
     * @param scale the SR factor, HR side / LR side
     * @param limits files larger on disk, or declaring more pixels, are skipped before they are decoded
     */
    public PairLoader(int scale, ImageLimits limits) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        this.scale = scale;
        this.limits = limits;
    }

    public int scale() {
        return scale;
    }

    /**
     * Loads the pairs of {@code hrDir} in sorted file order and hands each usable one to {@code sink},
     * which may keep or drop it (so that a large folder need not fit in memory).
     *
     * @param lrDir the LR folder, or {@code ""} to make the LR images from the HR
     * @param minHrSide HR images (after mod-crop) narrower or lower than this are skipped; the patch
     *     size for training, the tile size for the EA set
     * @param limit stop after this many usable pairs; 0 for all
     * @return what was loaded and skipped; it was also logged
     * @throws IOException when a folder is missing or not a folder, or no pair is usable, naming the
     *     folder and the reasons
     */
    public LoadReport loadEach(String hrDir, String lrDir, int minHrSide, int limit,
            BiConsumer<PairFiles, ImagePair> sink) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
        }
        List<Path> hrFiles = hrFiles(hrDir);
        Map<String, List<Path>> lrByStem = lrDir.isEmpty() ? Map.of() : byStem(Storage.listImages(lrDir, false));
        List<PairFiles> loaded = new ArrayList<>();
        List<LoadReport.Skipped> skipped = new ArrayList<>();
        for (Path hr : hrFiles) {
            if (limit > 0 && loaded.size() == limit) {
                break;
            }
            try {
                PairFiles files = new PairFiles(hr, lrDir.isEmpty() ? null : partner(hr, lrDir, lrByStem));
                ImagePair pair = load(files);
                requireMinimumSize(hr, pair.hr(), minHrSide);
                loaded.add(files);
                sink.accept(files, pair);
            } catch (UnusableFileException e) {
                skipped.add(new LoadReport.Skipped(e.file(), e.problem()));
                if (SAID.add("Skipped " + e.getMessage())) {
                    LOG.warn("Skipped {}", e.getMessage());
                }
            }
        }
        LoadReport report = new LoadReport(hrDir, lrDir, loaded, skipped);
        if (loaded.isEmpty()) {
            throw new BadInputException(hrDir + ": no usable image pairs (" + report.summary() + "): " + reasons(skipped));
        }
        if (SAID.add("Loaded " + report.summary())) {
            LOG.info("Loaded {}", report.summary());
        }
        return report;
    }

    /**
     * The images of an HR folder in sorted order: a cheap check on the driver before any task decodes them.
     *
     * @throws BadInputException naming the folder when it is missing, a file or without PNG or JPEG images
     */
    public static List<Path> hrFiles(String hrDir) throws IOException {
        List<Path> files = Storage.listImages(hrDir, false);
        if (files.isEmpty()) {
            throw new BadInputException(hrDir + ": no PNG or JPEG files; expected a folder of HR images");
        }
        return files;
    }

    /** {@link #loadEach} keeping every pair in memory. */
    public LoadResult loadAll(String hrDir, String lrDir, int minHrSide, int limit) throws IOException {
        List<ImagePair> pairs = new ArrayList<>();
        LoadReport report = loadEach(hrDir, lrDir, minHrSide, limit, (files, pair) -> pairs.add(pair));
        return new LoadResult(pairs, report);
    }

    /**
     * Decodes one pair: the HR mod-cropped, the LR read and checked or made from the HR.
     *
     * @throws UnusableFileException naming the HR or LR file that cannot be used, and why
     */
    public ImagePair load(PairFiles files) throws UnusableFileException {
        DecodedImage decoded = decode(files.hr());
        Image hr = modCrop(files.hr(), decoded.rgb());
        Image lr = files.lr() == null
                ? MatlabResize.downscale(hr, scale).quantized(decoded.bitDepth())
                : storedLr(files.lr(), hr);
        return new ImagePair(files.hr().getName(), lr, hr);
    }

    private Image modCrop(Path file, Image hr) throws UnusableFileException {
        int width = hr.width() - hr.width() % scale;
        int height = hr.height() - hr.height() % scale;
        if (width == 0 || height == 0) {
            throw new UnusableFileException(file.toString(), "is " + size(hr) + " pixels; expected at least "
                    + scale + " on each side (the scale)", null);
        }
        return width == hr.width() && height == hr.height() ? hr : hr.crop(0, 0, width, height);
    }

    private Image storedLr(Path file, Image hr) throws UnusableFileException {
        Image lr = decode(file).rgb();
        if (lr.width() * scale != hr.width() || lr.height() * scale != hr.height()) {
            throw new UnusableFileException(file.toString(), "LR is " + size(lr) + " pixels; expected "
                    + hr.width() / scale + "x" + hr.height() / scale + " (HR " + size(hr) + " after mod-crop, / "
                    + scale + ")", null);
        }
        return lr;
    }

    private static void requireMinimumSize(Path file, Image hr, int minHrSide) throws UnusableFileException {
        if (hr.width() < minHrSide || hr.height() < minHrSide) {
            throw new UnusableFileException(file.toString(), "is " + size(hr) + " pixels after mod-crop; expected "
                    + "at least " + minHrSide + " on each side", null);
        }
    }

    private DecodedImage decode(Path file) throws UnusableFileException {
        String name = file.toString();
        ImageFile image;
        try {
            image = ImageFile.read(file, limits);
        } catch (ImageFormatException e) {
            throw unusable(name, e);
        } catch (IOException e) {
            throw new UnusableFileException(name, "could not be read (" + e.getMessage() + ")", e);
        }
        try {
            return image.decode();
        } catch (ImageFormatException e) {
            throw unusable(name, e);
        }
    }

    /** The codec's message starts with the name given to it; the report keeps file and problem apart. */
    private static UnusableFileException unusable(String name, ImageFormatException e) {
        String prefix = name + ": ";
        String message = e.getMessage();
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return new UnusableFileException(name, problem, e);
    }

    /** The LR file for {@code hr}: the one whose stem is the HR's stem, bare or with "x<scale>". */
    private Path partner(Path hr, String lrDir, Map<String, List<Path>> lrByStem) throws UnusableFileException {
        String stem = stem(hr.getName());
        List<Path> candidates = new ArrayList<>(lrByStem.getOrDefault(stem, List.of()));
        candidates.addAll(lrByStem.getOrDefault(stem + "x" + scale, List.of()));
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String problem = candidates.isEmpty()
                ? "no LR partner in " + lrDir + "; expected " + stem + ".png or " + stem + "x" + scale
                        + ".png (or .jpg, .jpeg)"
                : "several LR partners in " + lrDir + " (" + candidates.stream().map(Path::getName)
                        .collect(Collectors.joining(", ")) + "); expected one";
        throw new UnusableFileException(hr.toString(), problem, null);
    }

    private static Map<String, List<Path>> byStem(List<Path> files) {
        Map<String, List<Path>> map = new HashMap<>();
        for (Path file : files) {
            map.computeIfAbsent(stem(file.getName()), key -> new ArrayList<>()).add(file);
        }
        return map;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    private static String size(Image image) {
        return image.width() + "x" + image.height();
    }

    private static String reasons(List<LoadReport.Skipped> skipped) {
        String listed = skipped.stream().limit(REASONS_IN_ERROR).map(LoadReport.Skipped::toString)
                .collect(Collectors.joining("; "));
        int more = skipped.size() - REASONS_IN_ERROR;
        return more > 0 ? listed + "; and " + more + " more (see the log)" : listed;
    }
}
