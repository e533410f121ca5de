package io.eaadam.tests;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run folder the previous release wrote (tests/src/test/resources/legacy-run, its README says how), copied
 * where a test may change it. Its config names its data relative to the tests' working folder (the module's).
 */
final class LegacyRun {

    /** Fusion settings small enough for the fixture's tiny run. */
    static final String[] FUSION = {"-Dfusion.epochs=1", "-Dfusion.checkpoint-epochs=1",
        "-Dfusion.head-features=4", "-Dfusion.head-params=6", "-Dfusion.head-hidden=3", "-Dfusion.set-images=2"};

    private LegacyRun() {}

    /** The fixture's folder: {@code run/} and {@code inputs/}. */
    static Path fixture() {
        try {
            return Path.of(LegacyRun.class.getResource("/legacy-run").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the run's data where its config names it. */
    static void copyInputs() throws IOException {
        copy(fixture().resolve("inputs"), Path.of("target/legacy-run/inputs"));
    }

    /** A fresh copy of the run, {@code dir/name}. */
    static Path copyOfRun(Path dir, String name) throws IOException {
        Path run = dir.resolve(name);
        copy(fixture().resolve("run"), run);
        return run;
    }

    /**
     * Runs an eaadam command as that release did, in a JVM of its own whose oneDNN is limited to AVX, and returns
     * its exit status; its output goes to {@code log}. The bytes of a resumed generation or a fused model depend on
     * the convolution kernels; the release limited oneDNN to AVX on every AMD CPU, where CpuKernels now does so
     * only on AMD CPUs with AVX-512, and oneDNN reads the variable once per process.
     */
    static int withTheReleasesKernels(Path log, String... argv) throws IOException, InterruptedException {
        return UpscaleFixtures.forkEaadam("2g", log, 600, null, Map.of("ONEDNN_MAX_CPU_ISA", "AVX"), argv);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
