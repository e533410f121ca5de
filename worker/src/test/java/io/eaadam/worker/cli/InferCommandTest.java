package io.eaadam.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.DecodedImage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.store.ModelCard;
import io.eaadam.worker.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code infer} end to end: BasicSR-named safetensors weights and an 8-bit PNG give PyTorch's image
 * (tools/reference/make_golden.py) to within one grey level; bad weights and images give one clear line.
 */
class InferCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"msrresnet_x4", "rrdbnet_x4"})
    void matchesPyTorchWithinOneGreyLevelWithTheArchitectureReadFromTheWeights(String golden) throws IOException {
        Path weights = resource("golden/" + golden + ".safetensors");
        Path input = resource("golden/infer_input.png");
        Path output = dir.resolve("out.png");
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--model", weights.toString(), "--input",
                input.toString(), "--output", output.toString(), "--device", "cpu");
        assertEquals(0, run.status(), run.err());
        Image expected = read(resource("golden/infer_" + golden + ".png"));
        Image actual = read(output);
        assertEquals(expected.shapeString(), actual.shapeString());
        float worst = 0;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]) * 255);
        }
        assertTrue(worst <= 1.0001f, "max difference " + worst + " grey levels");
    }

    @Test
    void aModelCardGivesTheArchitectureAndTheWeightsBesideIt() throws IOException {
        Path weights = resource("golden/msrresnet_x4.safetensors");
        Files.copy(weights, dir.resolve("w.safetensors"));
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SRRESNET, 4, 8, 2, 32), "w.safetensors",
                Storage.sha256(Files.readAllBytes(weights)), null, List.of(), Map.of())
                .write(dir.resolve("model.json").toString());
        Path input = resource("golden/infer_input.png");
        CliRun byCard = CliRun.run(WorkerMain::commandLine, "infer", "--model", dir.resolve("model.json").toString(),
                "--input", input.toString(), "--output", dir.resolve("card.png").toString(), "--device", "cpu");
        CliRun byOptions = CliRun.run(WorkerMain::commandLine, "infer", "--num-block", "2", "--num-feat", "8",
                "--model", weights.toString(), "--input", input.toString(), "--output",
                dir.resolve("options.png").toString(), "--device", "cpu");
        assertEquals(0, byCard.status(), byCard.err());
        assertEquals(0, byOptions.status(), byOptions.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("options.png")), Files.readAllBytes(dir.resolve("card.png")));
    }

    @Test
    void aCardWhoseWeightsWereReplacedIsRefused() throws IOException {
        Path weights = resource("golden/msrresnet_x4.safetensors");
        Files.copy(resource("golden/rrdbnet_x4.safetensors"), dir.resolve("w.safetensors"));
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SRRESNET, 4, 8, 2, 32), "w.safetensors",
                Storage.sha256(Files.readAllBytes(weights)), null, List.of(), Map.of())
                .write(dir.resolve("model.json").toString());
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--model", dir.resolve("model.json").toString(),
                "--input", resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.png").toString());
        assertEquals(1, run.status());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("w.safetensors: corrupted or replaced"), run.err());
    }

    @Test
    void upscalesAFolderKeepingRelativeNamesAndReportsBrokenImages() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(resource("golden/infer_input.png"), in.resolve("a.png"));
        Files.write(in.resolve("broken.png"), Arrays.copyOf(Files.readAllBytes(resource("golden/infer_input.png")), 60));
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--num-block", "2", "--num-feat", "8", "--model",
                resource("golden/msrresnet_x4.safetensors").toString(), "--input", dir.resolve("in").toString(),
                "--output", dir.resolve("out").toString(), "--device", "cpu");
        assertEquals(1, run.status(), "a broken input makes the run fail after the others are done");
        assertTrue(Files.isRegularFile(dir.resolve("out/sub/a.png")));
        assertFalse(Files.exists(dir.resolve("out/sub/broken.png")));
        assertTrue(run.err().contains("broken.png"), run.err());
    }

    @Test
    void truncatedWeightsGiveOneLine() throws IOException {
        Path weights = dir.resolve("cut.safetensors");
        byte[] whole = Files.readAllBytes(resource("golden/msrresnet_x4.safetensors"));
        Files.write(weights, Arrays.copyOf(whole, whole.length / 2));
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--num-block", "2", "--num-feat", "8", "--model", weights.toString(),
                "--input", resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.png").toString());
        assertEquals(1, run.status());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("cut.safetensors"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @ParameterizedTest
    @CsvSource({"rrdbnet_x2,2", "rrdbnet_x1,1", "srvgg_x4,4", "srvgg_x2,2"})
    void realEsrganBackbonesUpscaleAnOddSizedImageByTheirScale(String golden, int scale) throws IOException {
        Path output = dir.resolve(golden + ".png");
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--model",
                resource("golden/" + golden + ".safetensors").toString(), "--input",
                resource("golden/infer_input.png").toString(), "--output", output.toString(), "--tile", "9",
                "--overlap", "2");
        assertEquals(0, run.status(), run.err());
        Image input = read(resource("golden/infer_input.png"));
        Image actual = read(output);
        assertEquals(input.width() * scale, actual.width());
        assertEquals(input.height() * scale, actual.height());
    }

    @Test
    void anOutputNamedInAFormatOnlyReadIsRefused() throws IOException {
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--model",
                resource("golden/msrresnet_x4.safetensors").toString(), "--input",
                resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.webp").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("o.webp: infer writes PNG, JPEG or TIFF; name the file .png, .jpg or .tif"),
                run.err());
        assertFalse(Files.exists(dir.resolve("o.webp")));
    }

    @Test
    void optionsThatDisagreeWithTheWeightsAreNamed() throws IOException {
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--num-block", "3", "--model",
                resource("golden/msrresnet_x4.safetensors").toString(), "--input",
                resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.png").toString());
        assertEquals(2, run.status());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("msrresnet_x4.safetensors holds the weights of --arch srresnet --scale 4 "
                + "--num-feat 8 --num-block 2, not of the --arch srresnet --scale 4 --num-feat 8 --num-block 3 asked "
                + "for"), run.err());
    }

    @Test
    void weightsOfAnUnknownLayoutAreOneLineListingWhatTheyHold() throws IOException {
        CliRun run = CliRun.run(WorkerMain::commandLine, "infer", "--model",
                resource("golden/vgg19_conv2_2.safetensors").toString(), "--input",
                resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.png").toString());
        assertEquals(1, run.status());
        assertEquals(1, run.err().lines().filter(line -> line.startsWith("eaadam ")).count(), run.err());
        assertTrue(run.err().contains("vgg19_conv2_2.safetensors: no known architecture in its 8 tensors "
                + "(features.0.bias [64], features.0.weight [64, 3, 3, 3], "), run.err());
    }

    @Test
    void missingFilesAndBadOptionsAreNamed() throws IOException {
        CliRun noWeights = CliRun.run(WorkerMain::commandLine, "infer", "--model", dir.resolve("none.safetensors").toString(), "--input",
                resource("golden/infer_input.png").toString(), "--output", dir.resolve("o.png").toString());
        assertEquals(1, noWeights.status());
        assertTrue(noWeights.err().contains("none.safetensors: no such file"), noWeights.err());

        CliRun typo = CliRun.run(WorkerMain::commandLine, "infer", "--mdoel", "x");
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("Unknown option") && typo.err().contains("'--mdoel'")
                && typo.err().contains("did you mean --model?"), typo.err());
        assertEquals(1, typo.errLines().length, typo.err());

        Path text = Files.writeString(dir.resolve("notes.png"), "hello");
        CliRun notImage = CliRun.run(WorkerMain::commandLine, "infer", "--num-block", "2", "--num-feat", "8", "--model",
                resource("golden/msrresnet_x4.safetensors").toString(), "--input", text.toString(),
                "--output", dir.resolve("o.png").toString());
        assertEquals(1, notImage.status());
        assertTrue(notImage.err().contains("notes.png"), notImage.err());
    }

    private static Image read(Path png) throws IOException {
        DecodedImage decoded = ImageCodec.decode(Files.readAllBytes(png), png.getFileName().toString());
        return decoded.rgb();
    }

    private static Path resource(String name) {
        try (InputStream ignored = InferCommandTest.class.getResourceAsStream("/" + name)) {
            return Path.of(InferCommandTest.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
