package io.eaadam.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.NetworkInterpolation;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.store.ModelCard;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code interpolate} end to end: a folder per alpha whose card names both ends, and infer takes each model. */
class InterpolateCommandTest {


    @TempDir
    Path dir;

    @Test
    void writesAModelPerAlphaThatInferTakes() throws IOException {
        Path psnr = resource("golden/msrresnet_x4.safetensors");
        Genome a = SafeTensorsFiles.read(psnr.toString()).toGenome();
        Genome b = a.copy();
        for (int i = 0; i < b.values().length; i++) {
            b.values()[i] = -0.5f * b.values()[i] + 0.01f;
        }
        Path gan = dir.resolve("gan.safetensors");
        SafeTensorsFiles.write(gan.toString(), b, Map.of("format", "pt"));
        Path out = dir.resolve("line");
        CliRun run = run("interpolate", "--from", psnr.toString(), "--to", gan.toString(), "--alpha", "0,0.2,0.5,1",
                "--output", out.toString());
        assertEquals(0, run.status(), run.err());
        for (String alpha : List.of("0.00", "0.20", "0.50", "1.00")) {
            assertTrue(Files.isRegularFile(out.resolve("alpha-" + alpha + "/model.safetensors")), alpha);
            assertTrue(run.out().contains("interpolate: alpha " + alpha + ": wrote "), run.out());
        }
        ModelCard card = ModelCard.read(out.resolve("alpha-0.20/model.json").toString());
        assertEquals(new ModelCard.Architecture(Arch.SRRESNET, 4, 8, 2, 32), card.architecture());
        assertEquals(psnr.toString(), card.interpolation().from());
        assertEquals(gan.toString(), card.interpolation().to());
        assertEquals(0.2, card.interpolation().alpha());
        assertEquals(NetworkInterpolation.interpolate(a, b, 0.2),
                SafeTensorsFiles.read(out.resolve("alpha-0.20/model.safetensors").toString()).toGenome());
        assertEquals(a, SafeTensorsFiles.read(out.resolve("alpha-0.00/model.safetensors").toString()).toGenome());

        Path input = resource("golden/infer_input.png");
        CliRun infer = CliRun.run(WorkerMain::commandLine, "infer", "--model",
                out.resolve("alpha-0.50/model.json").toString(), "--input", input.toString(), "--output",
                dir.resolve("half.png").toString(), "--device", "cpu");
        assertEquals(0, infer.status(), infer.err());
        assertEquals(4 * ImageCodec.decode(Files.readAllBytes(input), "in").rgb().width(),
                ImageCodec.decode(Files.readAllBytes(dir.resolve("half.png")), "half.png").rgb().width());

        // A card end works as well: interpolating the line's own ends again gives the same weights.
        CliRun again = run("interpolate", "--from", out.resolve("alpha-0.00/model.json").toString(), "--to",
                out.resolve("alpha-1.00/model.json").toString(), "--alpha", "0.2", "--output",
                dir.resolve("again").toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(SafeTensorsFiles.read(out.resolve("alpha-0.20/model.safetensors").toString()).toGenome(),
                SafeTensorsFiles.read(dir.resolve("again/alpha-0.20/model.safetensors").toString()).toGenome());
    }

    @Test
    void modelsOfOtherArchitecturesAreRefusedOnOneLineNamingBoth() throws IOException {
        Path srresnet = resource("golden/msrresnet_x4.safetensors");
        Path rrdb = resource("golden/rrdbnet_x4.safetensors");
        CliRun run = run("interpolate", "--from", srresnet.toString(), "--to", rrdb.toString(), "--output",
                dir.resolve("x").toString());
        assertEquals(1, run.status(), "bad input");
        // Hadoop's first-use warning may share stderr with it; the failure is one line.
        List<String> lines = Stream.of(run.errLines()).filter(l -> l.startsWith("eaadam")).toList();
        assertEquals(1, lines.size(), run.err());
        assertEquals("eaadam interpolate: " + srresnet + " (A) and " + rrdb + " (B) cannot be interpolated: A is "
                + "--arch srresnet --scale 4 --num-feat 8 --num-block 2, B --arch rrdb --scale 4 --num-feat 8 "
                + "--num-block 2 --num-grow-ch 4", lines.get(0));

        CliRun alpha = run("interpolate", "--from", srresnet.toString(), "--to", srresnet.toString(), "--alpha", "1.5",
                "--output", dir.resolve("x").toString());
        assertEquals(2, alpha.status());
        assertTrue(alpha.err().contains("--alpha 1.5: expected 0 to 1"), alpha.err());
    }

    private static CliRun run(String... argv) {
        return CliRun.run(WorkerMain::commandLine, argv);
    }

    private static Path resource(String name) {
        try {
            return Path.of(InterpolateCommandTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
