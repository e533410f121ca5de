package io.eaadam.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.NetworkInterpolation;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.safetensors.SafeTensorsFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class InterpolatedModelsTest {

    private static final EaAdamConfig.Model TINY = new EaAdamConfig.Model(Arch.SRRESNET, 4, 8, 1, 32);
    private static final TensorLayout LAYOUT = TensorLayout.builder().add("conv_first.weight", 8, 3, 3, 3)
            .add("conv_first.bias", 8).build();

    @TempDir
    Path dir;

    @Test
    void eachAlphaIsAFolderWithWeightsAndACardNamingBothEnds() throws IOException {
        InterpolatedModels.End psnr = end("psnr.safetensors", genome(LAYOUT, 1), TINY);
        InterpolatedModels.End gan = end("gan.safetensors", genome(LAYOUT, -2), TINY);
        Path out = dir.resolve("line");
        Map<Double, String> cards = InterpolatedModels.between(psnr, gan).write(List.of(0.0, 0.25, 1.0),
                out.toString());
        assertEquals(List.of(0.0, 0.25, 1.0), List.copyOf(cards.keySet()));
        try (var folders = Files.list(out)) {
            assertEquals(List.of("alpha-0.00", "alpha-0.25", "alpha-1.00"),
                    folders.map(p -> p.getFileName().toString()).sorted().toList());
        }
        ModelCard card = ModelCard.read(cards.get(0.25));
        assertEquals(ModelCard.Architecture.of(TINY), card.architecture());
        assertEquals(new ModelCard.Interpolation(psnr.name(), sha256(psnr.name()), gan.name(), sha256(gan.name()),
                0.25), card.interpolation());
        Genome quarter = SafeTensorsFiles.read(card.weightsPath(cards.get(0.25)), card.weightsSha256()).toGenome();
        assertEquals(NetworkInterpolation.interpolate(genome(LAYOUT, 1), genome(LAYOUT, -2), 0.25), quarter);
        assertEquals(0.25, quarter.values()[0]);
        assertEquals(genome(LAYOUT, -2), SafeTensorsFiles.read(out.resolve("alpha-1.00/model.safetensors").toString())
                .toGenome(), "alpha 1 is B");
        assertEquals(null, ModelCard.read(cards.get(0.0)).source());
    }

    @Test
    void otherArchitecturesOrTensorsAreRefusedOnOneLineNamingBoth() throws IOException {
        InterpolatedModels.End a = end("a.safetensors", genome(LAYOUT, 1), TINY);
        InterpolatedModels.End wider = end("b.safetensors", genome(LAYOUT, 1),
                new EaAdamConfig.Model(Arch.SRRESNET, 4, 16, 1, 32));
        BadInputException arch = assertThrows(BadInputException.class,
                () -> InterpolatedModels.between(a, wider));
        assertEquals(a.name() + " (A) and " + wider.name() + " (B) cannot be interpolated: A is --arch srresnet "
                + "--scale 4 --num-feat 8 --num-block 1, B --arch srresnet --scale 4 --num-feat 16 --num-block 1",
                arch.getMessage());

        InterpolatedModels.End fewer = end("c.safetensors", genome(TensorLayout.builder()
                .add("conv_first.weight", 8, 3, 3, 3).build(), 1), TINY);
        BadInputException tensors = assertThrows(BadInputException.class,
                () -> InterpolatedModels.between(a, fewer));
        assertEquals(a.name() + " (A) and " + fewer.name() + " (B) cannot be interpolated: A has 2 tensors, B 1; "
                + "only in A: conv_first.bias", tensors.getMessage());
        assertEquals(1, tensors.getMessage().lines().count());
    }

    private InterpolatedModels.End end(String file, Genome weights, EaAdamConfig.Model architecture)
            throws IOException {
        String path = dir.resolve(file).toString();
        SafeTensorsFiles.write(path, weights, Map.of("format", "pt"));
        return new InterpolatedModels.End(path, architecture.withWeights(path, ""));
    }

    private static String sha256(String file) throws IOException {
        return Storage.sha256(Files.readAllBytes(Path.of(file)));
    }

    private static Genome genome(TensorLayout layout, float value) {
        Genome genome = Genome.zeros(layout);
        java.util.Arrays.fill(genome.values(), value);
        return genome;
    }
}
