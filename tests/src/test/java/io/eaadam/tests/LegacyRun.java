package io.eaadam.tests;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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
