package io.eaadam.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.MatlabResize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * README.md cannot drift from the program: every {@code ./eaadam} command of its bash blocks that runs on one
 * CPU machine is run here as written, in the README's order, in a scratch folder where {@code photos/} holds
 * small crops of the same mate-backgrounds photographs (so that the commands take minutes, not hours). Each
 * must exit with 0. What needs more than this machine is listed in {@link #NOT_HERE} with the reason, and
 * the commands that ran are counted, so a README without runnable examples fails too.
 */
class ReadmeIT {

    /** Commands that do not run here, by what they need. */
    private static final Map<Pattern, String> NOT_HERE = new LinkedHashMap<>();

    static {
        NOT_HERE.put(Pattern.compile("hdfs://|s3a://|spark://|k8s://"), "a cluster or its file system");
        NOT_HERE.put(Pattern.compile(" /data/|=/data/"), "the Flickr2K and benchmark datasets");
        NOT_HERE.put(Pattern.compile(" RUN\\b|RUN/"), "a run of the presets' size (RUN stands for it)");
        NOT_HERE.put(Pattern.compile("^(deploy/|docker |SPARK_HOME=)"),
                "a Spark distribution, a cluster or Docker (StandaloneClusterIT and docker/lint.sh cover them)");
        NOT_HERE.put(Pattern.compile("^python3 tools/convert_pth.py"), "BasicSR's published .pth checkpoints");
        NOT_HERE.put(Pattern.compile("--model realesr"),
                "Real-ESRGAN's published checkpoints (CheckpointConversionTest converts tiny ones of each layout)");
        NOT_HERE.put(Pattern.compile("--model swinir|--conf swinir"),
                "BasicSR's published SwinIR checkpoints (UpscaleJobIT converts a tiny one) and the presets' data");
        NOT_HERE.put(Pattern.compile("^mvn "), "this very build");
        NOT_HERE.put(Pattern.compile("^\\./eaadam demo"), "ten minutes: .ci/run runs it as written, DemoIT shortened");
        NOT_HERE.put(Pattern.compile("^(mkdir|cp|mv) "), "the full-size photographs: the test writes small ones");
        NOT_HERE.put(Pattern.compile("^source "), "an interactive shell");
    }

    private static final Pattern PHOTO = Pattern.compile(".*\\.jpg");
    private static final List<String> VALIDATION = List.of("Storm.jpg", "YellowFlower.jpg");
    /** Training photos kept: an epoch's steps grow with them, and the commands need not learn, only run. */
    private static final int TRAINING_PHOTOS = 6;

    @TempDir
    Path dir;

    @Test
    void everyCommandThatRunsOnOneMachineRunsAsWritten() throws IOException, InterruptedException {
        smallPhotos();
        List<String> ran = new ArrayList<>();
        for (String command : commands(Files.readString(Path.of(System.getProperty("eaadam.home"), "README.md")))) {
            if (NOT_HERE.keySet().stream().anyMatch(p -> p.matcher(command).find())) {
                continue;
            }
            assertTrue(command.startsWith("./eaadam "), "a README command the test does not know: " + command);
            Path log = dir.resolve("command-" + ran.size() + ".log");
            long start = System.nanoTime();
            int status = UpscaleFixtures.forkEaadam("4g", log, 900, dir, Map.of(),
                    command.substring("./eaadam ".length()).trim().split("\\s+"));
            assertEquals(0, status, command + "\n" + tail(log));
            System.out.printf("README command ran in %d s: %s%n", (System.nanoTime() - start) / 1_000_000_000L, command);
            ran.add(command);
        }
        assertTrue(ran.size() >= 7, "the README's runnable commands: " + ran);
        assertTrue(Files.isRegularFile(dir.resolve("upscaled/YellowFlower.png")), "upscale wrote its outputs");
        assertTrue(Files.isRegularFile(dir.resolve("runs/photos/gen-0005/manifest.json")), "the resumed run");
    }

    /** The logical lines of the README's bash blocks: continuations joined, comments removed. */
    static List<String> commands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        StringBuilder current = new StringBuilder();
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inBash = line.equals("```bash");
                continue;
            }
            if (!inBash || line.isBlank()) {
                continue;
            }
            String code = line.replaceFirst("\\s+#.*$", "");
            if (code.endsWith("\\")) {
                current.append(code, 0, code.length() - 1).append(' ');
                continue;
            }
            commands.add(current.append(code).toString().trim());
            current.setLength(0);
        }
        return commands;
    }

    /**
     * photos/train and photos/val as the README makes them, each photo downscaled to a quarter of its side, with
     * the first {@link #TRAINING_PHOTOS} training photos by name.
     */
    private void smallPhotos() throws IOException {
        Path source = Path.of("/usr/share/backgrounds/mate/nature");
        assumeTrue(Files.isDirectory(source),
                "mate-backgrounds is not installed (apt-get install mate-backgrounds; .ci/run does)");
        Files.createDirectories(dir.resolve("photos/train"));
        Files.createDirectories(dir.resolve("photos/val"));
        try (var photos = Files.list(source)) {
            int training = 0;
            for (Path photo : photos.filter(p -> PHOTO.matcher(p.getFileName().toString()).matches()).sorted()
                    .toList()) {
                String name = photo.getFileName().toString();
                if (!VALIDATION.contains(name) && training++ >= TRAINING_PHOTOS) {
                    continue;
                }
                Image image = ImageCodec.decode(Files.readAllBytes(photo), name).rgb();
                Image small = MatlabResize.resize(image, 0.25);
                Path target = dir.resolve(VALIDATION.contains(name) ? "photos/val" : "photos/train").resolve(name);
                try (OutputStream out = Files.newOutputStream(target)) {
                    ImageCodec.encodeJpeg(small, 0.95f, out);
                }
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
