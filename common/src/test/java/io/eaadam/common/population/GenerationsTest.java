package io.eaadam.common.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.config.Arch;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TrainedWeights;
import io.eaadam.common.mo.Decomposition;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.schedule.PhaseSchedule;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.StoredWeights;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class GenerationsTest {

    private static final TensorLayout LAYOUT = TensorLayout.builder().add("conv.weight", 2, 3).add("conv.bias", 2).build();

    @TempDir
    Path dir;

    private static Genome genome(float first) {
        return new Genome(LAYOUT, new float[] {first, 1, 2, 3, 4, 5, 6, 7});
    }

    @Test
    void aWrittenGenerationReadsBackAsTheSamePopulation() throws IOException {
        RunStore store = new RunStore(dir.toString());
        Generations generations = new Generations(store, Arch.SRRESNET, "eaadam { run.seed = 3 }");
        StoredWeights discriminator = store.writeTrained("gen-0001/disc-1",
                new TrainedWeights(genome(9), genome(10), 12), Map.of());
        Population population = Population.warmStart(Decomposition.uniformPreferences(3), genome(0),
                new Objectives(0.5, 0.25))
                .with(1, slot -> slot.withGenerator(genome(1)).withDiscriminator(discriminator))
                .with(2, slot -> slot.withObjectives(new Objectives(0.75, 0.5)));
        Manifest manifest = generations.write(1, new PhaseSchedule.Phase(0, PhaseSchedule.Mode.ADAM, 0, 8), population,
                new Objectives(1, 0.5));
        assertEquals("adam", manifest.phase());
        assertEquals(8, manifest.lastEpoch());
        assertEquals(List.of(0, 1), manifest.paretoFront());
        assertEquals(java.util.Arrays.asList(null, null, 0), manifest.slots().stream().map(Manifest.Slot::sameAs).toList(),
                "slot 2 kept the warm start that slot 0 holds");

        Population read = generations.read(store.readManifest(1), LAYOUT);
        assertEquals(population.slots(), read.slots());
        assertNull(read.slot(0).discriminator());
        assertEquals(discriminator, read.slot(1).discriminator());
    }

    @Test
    void aGenerationOfAnotherConfigurationOrWithABrokenFileIsRefused() throws IOException {
        RunStore store = new RunStore(dir.toString());
        Population population = Population.warmStart(Decomposition.uniformPreferences(2), genome(0),
                new Objectives(0.5, 0.25));
        String config = "eaadam { schedule.epochs = 3, model.num-feat = 8 }";
        Manifest manifest = new Generations(store, Arch.SRRESNET, config).write(0, null, population,
                new Objectives(1, 1));
        assertEquals("warm-start", manifest.phase());
        assertEquals(-1, manifest.phaseIndex());
        // Every slot of the warm start holds the same weights: one expert.
        assertNull(manifest.slots().get(0).sameAs());
        assertEquals(0, manifest.slots().get(1).sameAs());
        assertEquals(new Manifest.Experts(List.of(0), Map.of(1, 0)), manifest.distinctExperts(List.of(0, 1)));
        assertEquals(new Manifest.Experts(List.of(1), Map.of()), manifest.distinctExperts(List.of(1)));

        IOException other = assertThrows(IOException.class, () -> new Generations(store, Arch.SRRESNET,
                "eaadam { schedule.epochs = 3, model.num-feat = 16 }").read(manifest, LAYOUT));
        assertTrue(other.getMessage().contains("made with another configuration (model.num-feat 8 (asked: 16))"),
                other.getMessage());
        // A longer schedule is the one change a run may be continued with.
        assertEquals(population.slots(), new Generations(store, Arch.SRRESNET,
                "eaadam { schedule.epochs = 9, model.num-feat = 8 }").read(manifest, LAYOUT).slots());

        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> store.readGenome(
                new Manifest.FileRef("gen-0000/../../elsewhere.safetensors", "0".repeat(64)), LAYOUT));
        assertTrue(outside.getMessage().contains("'gen-0000/../../elsewhere.safetensors'"), outside.getMessage());

        Path slot = dir.resolve("gen-0000/slot-1.safetensors");
        byte[] bytes = Files.readAllBytes(slot);
        bytes[bytes.length - 1] ^= 1;
        Files.write(slot, bytes);
        IOException corrupted = assertThrows(IOException.class,
                () -> new Generations(store, Arch.SRRESNET, config).read(manifest, LAYOUT));
        assertTrue(corrupted.getMessage().contains("gen-0000/slot-1.safetensors: corrupted"), corrupted.getMessage());
    }
}
