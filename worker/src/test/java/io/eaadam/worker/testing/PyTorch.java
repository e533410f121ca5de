package io.eaadam.worker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Python with PyTorch (Debian's python3-torch, which .ci/run installs), for the tests that write
 * checkpoints in users' layouts with the scripts in tools/; without one they are skipped.
 */
public final class PyTorch {

    private static final Optional<String> PYTHON = Stream.of("/usr/bin/python3", "python3")
            .filter(PyTorch::importsTorch).findFirst();

    private PyTorch() {}

    public static void assumeAvailable() {
        Assumptions.assumeTrue(PYTHON.isPresent(),
                "no python3 with torch (apt-get install python3-torch; .ci/run does): checkpoints are not written");
    }

    /** Runs {@code tools/SCRIPT ARGS...} of this repository and returns its output; fails the test on an error. */
    public static String runTool(String script, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.orElseThrow(), tools().resolve(script).toString()));
        Stream.of(args).map(String::valueOf).forEach(command::add);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    /** The repository's tools/ (tests run in their module's folder). */
    public static Path tools() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("tools");
    }

    private static boolean importsTorch(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
