package io.eaadam.tests;

import io.eaadam.common.image.ImageCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium for tests that render a page (the run report, the Spark UI), where it is installed
 * ({@code apt-get install chromium}; .ci/run does): tests without it are skipped by a JUnit assumption.
 */
public final class Chromium {

    /** What Chromium printed ({@code --dump-dom}'s DOM) and logged (console messages among them). */
    public record Result(int status, String output, String log) {}

    /** Why a test that renders a page is skipped. */
    public static final String ABSENT = "chromium is not installed (apt-get install chromium; .ci/run does): "
            + "the page is not rendered";

    private Chromium() {}

    /** The Chromium program on the PATH, if any. */
    public static Optional<String> find() {
        return Stream.of("chromium", "chromium-browser", "google-chrome").filter(Chromium::onPath).findFirst();
    }

    /**
     * Runs headless {@code chromium} on {@code url} with {@code action} ({@code --dump-dom},
     * {@code --screenshot=...}), without background network traffic, with a fresh profile under {@code dir};
     * console messages go to the log.
     */
    public static Result headless(String chromium, Path dir, String url, String... action)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(url);
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path log = Files.createTempFile(dir, "chromium", ".log");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The range of a screenshot's pixel values, 0 to 1: near 0 for a blank page. */
    public static float contrast(Path png) throws IOException {
        float[] pixels = ImageCodec.decode(Files.readAllBytes(png), png.getFileName().toString()).rgb().data();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : pixels) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
