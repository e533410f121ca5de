package io.eaadam.common.upscale;

import io.eaadam.common.config.OutputFormat;
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
 * Two inputs that would write the same output are a failure of the second, not an overwrite.
 *
 * @param items the inputs to upscale
 * @param clashes failed records of inputs whose output name another input already has
 */
public record UpscaleInputs(List<UpscaleItem> items, List<UpscaleRecord> clashes) {

    public static UpscaleInputs list(List<String> inputs, String output, OutputFormat format) throws IOException {
        Path outputRoot = Storage.path(output);
        List<UpscaleItem> items = new ArrayList<>();
        List<UpscaleRecord> clashes = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (String input : inputs) {
            Path pattern = Storage.path(input);
            FileSystem fs = Storage.fs(pattern);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new IOException(input + ": no such file or folder (nor any glob match); expected images or "
                        + "folders of images");
            }
            for (FileStatus match : matches) {
                List<Path> files = match.isDirectory() ? Storage.listImages(match.getPath().toString(), true)
                        : List.of(match.getPath());
                String root = match.isDirectory() ? match.getPath().toUri().getPath() : match.getPath().getParent().toUri().getPath();
                for (Path file : files) {
                    String relative = file.toUri().getPath().substring(root.length()).replaceFirst("^/+", "");
                    String target = new Path(outputRoot, outputName(relative, format)).toString();
                    long bytes = fs.getFileStatus(file).getLen();
                    String owner = owners.putIfAbsent(target, file.toString());
                    if (owner == null) {
                        items.add(new UpscaleItem(file.toString(), target, bytes));
                    } else {
                        clashes.add(UpscaleRecord.failed(file.toString(), target, bytes, 0,
                                file + ": its output " + target + " is already that of " + owner));
                    }
                }
            }
        }
        return new UpscaleInputs(items, clashes);
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
        List<ArrayList<UpscaleItem>> groups = new ArrayList<>();
        long[] loads = new long[count];
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        List<UpscaleItem> bySize = new ArrayList<>(items);
        bySize.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        for (UpscaleItem item : bySize) {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                if (loads[i] < loads[lightest]) {
                    lightest = i;
                }
            }
            groups.get(lightest).add(item);
            loads[lightest] += Math.max(1, item.bytes());
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }
}
