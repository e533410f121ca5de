package io.eaadam.common.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.SwinSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class ModelCardTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    @Test
    void roundTripsAndResolvesWeightsBesideTheCard() throws IOException {
        ModelCard card = new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SRRESNET, 4, 16, 2, 32),
                "model.safetensors", SHA, new ModelCard.Source("runs/x", 3, List.of(0, 2),
                        List.of(new double[] {1, 0}, new double[] {0, 1}), null, null),
                List.of(new ModelCard.LayerMixing("conv_first", new double[] {0.25, 0.75})),
                Map.of("set5", Map.of("psnr_y", 30.5)));
        String path = dir.resolve("fused/model.json").toString();
        card.write(path);
        ModelCard back = ModelCard.read(path);
        assertEquals(card.architecture(), back.architecture());
        assertArrayEquals(new double[] {0.25, 0.75}, back.mixing().get(0).weights());
        assertEquals(List.of(0, 2), back.source().experts());
        assertEquals(30.5, back.metrics().get("set5").get("psnr_y"));
        assertEquals(dir.resolve("fused/model.safetensors").toString(),
                new org.apache.hadoop.fs.Path(back.weightsPath(path)).toUri().getPath());
        for (String outside : List.of("/abs/w.safetensors", "../w.safetensors", "hdfs://nn/w.safetensors",
                "http://host/w.safetensors")) {
            ModelCard foreign = new ModelCard(ModelCard.FORMAT, card.architecture(), outside, null, null, List.of(),
                    Map.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> foreign.weightsPath(path));
            assertTrue(e.getMessage().contains("expected a file in the card's folder"), e.getMessage());
        }
    }

    @Test
    void namesTheFileWhenItIsNotACard() throws IOException {
        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"format\": \"eaadam-model/1\", \"architecture\": ");
        IOException broken = assertThrows(IOException.class, () -> ModelCard.read(notJson.toString()));
        assertTrue(broken.getMessage().startsWith(notJson + ": not JSON"), broken.getMessage());

        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something\"}");
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(other.toString())).getMessage()
                .contains("expected \"format\": \"eaadam-model/2\""));

        Path noArch = dir.resolve("noarch.json");
        Files.writeString(noArch, "{\"format\": \"eaadam-model/1\", \"weights\": \"m.safetensors\"}");
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(noArch.toString())).getMessage()
                .contains("needs architecture"));

        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(dir.resolve("none.json").toString()))
                .getMessage().endsWith("none.json: no such model card"));
    }

    @Test
    void cardsAreWrittenWithSnakeCaseKeysAndTheFirstFormatStillReads() throws IOException {
        ModelCard card = new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.RRDB, 4, 8, 2, 4),
                "w.safetensors", SHA, null, List.of(), Map.of());
        Path path = dir.resolve("model.json");
        card.write(path.toString());
        String json = Files.readString(path);
        assertTrue(json.contains("\"num_grow_ch\": 4") && json.contains("\"weights_sha256\": \"" + SHA + "\"")
                && json.contains("\"arch\": \"rrdb\"") && !json.contains("\"source\""), json);

        Path first = dir.resolve("first.json");
        Files.writeString(first, """
                {"format": "eaadam-model/1", "architecture": {"arch": "srresnet", "scale": 4, "numFeat": 8,
                 "numBlock": 1, "numGrowCh": 32}, "weights": "model.safetensors", "weightsSha256": "%s",
                 "source": null, "mixing": [], "metrics": {}}
                """.formatted(SHA));
        ModelCard old = ModelCard.read(first.toString());
        assertEquals(new ModelCard.Architecture(Arch.SRRESNET, 4, 8, 1, 32), old.architecture());
        assertEquals(SHA, old.weightsSha256());
    }

    @Test
    void aCardWithAnUnboundedArchitectureOrWithoutItsChecksumIsRefused() throws IOException {
        Path path = dir.resolve("model.json");
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SRRESNET, 4, 64, 100_000, 32), "w.safetensors",
                SHA, null, List.of(), Map.of()).write(path.toString());
        IOException blocks = assertThrows(IOException.class, () -> ModelCard.read(path.toString()));
        assertTrue(blocks.getMessage().contains("num-block 100000: expected 1 to 256"), blocks.getMessage());

        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.RRDB, 3, 64, 23, 32), "w.safetensors", SHA,
                null, List.of(), Map.of()).write(path.toString());
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(path.toString())).getMessage()
                .contains("scale 3: expected 1, 2 or 4 for rrdb"));

        SwinSettings huge = new SwinSettings(60, List.of(6), List.of(6), 100_000, 2,
                SwinSettings.Upsampler.PIXELSHUFFLEDIRECT, SwinSettings.ResiConnection.ONE_CONV, 64, 1);
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SWINIR, 4, 64, 1, 32, huge), "w.safetensors",
                SHA, null, List.of(), Map.of()).write(path.toString());
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(path.toString())).getMessage()
                .contains("window-size 100000"));
        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.SWINIR, 4, 64, 1, 32), "w.safetensors", SHA,
                null, List.of(), Map.of()).write(path.toString());
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(path.toString())).getMessage()
                .contains("swinir without its swin numbers"));

        new ModelCard(ModelCard.FORMAT, new ModelCard.Architecture(Arch.RRDB, 4, 64, 23, 32), "w.safetensors", null,
                null, List.of(), Map.of()).write(path.toString());
        assertTrue(assertThrows(IOException.class, () -> ModelCard.read(path.toString())).getMessage()
                .contains("weights_sha256"));
    }
}
