package io.eaadam.common.upscale;

import io.eaadam.common.config.OutputFormat;
import io.eaadam.common.data.LoadBalance;
import io.eaadam.common.fs.Storage;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of an upscale run and where their outputs go. Each input is a folder (its PNG and JPEG
 * files at any depth, keeping their paths relative to it), a file, or a Hadoop glob matching either.
 * Outputs mirror the relative paths under the output folder segment by segment ({@link Storage#child}),
 * so no input name can place an output elsewhere; an input whose output would fall outside, or that
 * another input's output already claims, is a failed record, not an overwrite. Files inside the output
 * folder are never inputs (an output folder inside an input folder is not upscaled again on a rerun).
 * Paths are qualified (scheme, authority, absolute path), so relative arguments name the same files on
 * the driver, the executors and a rerun.
 *
 * @param items the inputs to upscale
 * @param refused failed records of inputs that get no output
 */
public record UpscaleInputs(List<UpscaleItem> items, List<UpscaleRecord> refused) {

    public static UpscaleInputs list(List<String> inputs, String output, OutputFormat format) throws IOException {
        Path outputRoot = Storage.qualified(Storage.path(output));
        String outputFolder = outputRoot.toString() + "/";
        List<UpscaleItem> items = new ArrayList<>();
        List<UpscaleRecord> refused = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (String input : inputs) {
            Path pattern = Storage.qualified(Storage.path(input));
            FileSystem fs = Storage.fs(pattern);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new IOException(input + ": no such file or folder (nor any glob match); expected images or "
                        + "folders of images");
            }
            for (FileStatus match : matches) {
                List<Path> files = match.isDirectory() ? Storage.listImages(match.getPath().toString(), true)
                        : List.of(match.getPath());
                String root = (match.isDirectory() ? match.getPath() : match.getPath().getParent()).toUri().getPath();
                for (Path file : files) {
                    if (file.toString().startsWith(outputFolder)) {
                        continue;
                    }
                    String relative = file.toUri().getPath().substring(root.length()).replaceFirst("^/+", "");
                    long bytes = fs.getFileStatus(file).getLen();
                    String target;
                    try {
                        target = Storage.child(outputRoot, outputName(relative, format)).toString();
                    } catch (IllegalArgumentException e) {
                        refused.add(UpscaleRecord.failed(file.toString(), "", bytes, 0, file + ": " + e.getMessage()));
                        continue;
                    }
                    String owner = owners.putIfAbsent(target, file.toString());
                    if (owner == null) {
                        items.add(new UpscaleItem(file.toString(), target, bytes));
                    } else {
                        refused.add(UpscaleRecord.failed(file.toString(), target, bytes, 0,
                                file + ": its output " + target + " is already that of " + owner));
                    }
                }
            }
        }
        return new UpscaleInputs(items, refused);
    }

    /** Comma-separated inputs; a comma inside a glob's {a,b} braces belongs to the glob. */
    public static List<String> split(String value) {
        List<String> inputs = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == ',' && depth == 0) {
                inputs.add(current.toString());
                current.setLength(0);
                continue;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            current.append(c);
        }
        inputs.add(current.toString());
        inputs.removeIf(String::isBlank);
        return inputs;
    }

    /** The output name of {@code relative} (an input path relative to its root) in {@code format}. */
    public static String outputName(String relative, OutputFormat format) {
        int dot = relative.lastIndexOf('.');
        String stem = dot > relative.lastIndexOf('/') ? relative.substring(0, dot) : relative;
        return stem + format.extension();
    }

    /**
     * Spreads {@code items} over at most {@code tasks} groups of similar total bytes (largest first, each
     * to the lightest group), so that one task does not get all the large images.
     */
    public static List<ArrayList<UpscaleItem>> balance(List<UpscaleItem> items, int tasks) {
        int count = Math.max(1, Math.min(tasks, items.size()));
        List<UpscaleItem> bySize = new ArrayList<>(items);
        bySize.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        List<ArrayList<UpscaleItem>> groups = LoadBalance.assign(bySize, item -> Math.max(1, item.bytes()), count);
        groups.removeIf(List::isEmpty);
        return groups;
    }
}
