package io.eaadam.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.worker.nn.ParameterSet;
import io.eaadam.worker.runtime.TorchRuntime;

import org.junit.jupiter.api.Test;

/** Our Adam: PyTorch's update by hand, and a reset that makes the next step a first step again. */
class AdamTest {

    private static final TensorLayout LAYOUT = TensorLayout.builder().add("w", 2).add("b", 1).build();

    @Test
    void firstStepsFollowPyTorchsFormula() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                ParameterSet parameters = new ParameterSet(manager, LAYOUT)) {
            parameters.load(new Genome(LAYOUT, new float[] {1f, -2f, 0.5f}));
            Adam adam = new Adam(parameters, 0.9, 0.999, 1e-8);
            float[] g = {0.1f, -0.4f, 2f};
            adam.step(manager.create(g), 0.01);
            // Step 1: m = 0.1 g, v = 0.001 g^2, m/(1-0.9) / (sqrt(v/(1-0.999)) + eps) = g/|g| -> p - 0.01 sign(g).
            assertArrayEquals(new float[] {0.99f, -1.99f, 0.49f}, parameters.toGenome().values(), 1e-6f);
            adam.step(manager.create(g), 0.01);
            assertArrayEquals(new float[] {0.98f, -1.98f, 0.48f}, parameters.toGenome().values(), 1e-6f);
            assertEquals(2, adam.steps());
            adam.close();
        }
    }

    @Test
    void resetMakesTheNextStepAFirstStep() {
        try (NDManager manager = NDManager.newBaseManager(TorchRuntime.ENGINE);
                ParameterSet used = new ParameterSet(manager, LAYOUT);
                ParameterSet fresh = new ParameterSet(manager, LAYOUT)) {
            Genome start = new Genome(LAYOUT, new float[] {1f, -2f, 0.5f});
            Adam reused = new Adam(used, 0.9, 0.999, 1e-8);
            used.load(start);
            reused.step(manager.create(new float[] {5f, 5f, -5f}), 0.01);
            reused.reset();
            used.load(start);
            fresh.load(start);
            Adam first = new Adam(fresh, 0.9, 0.999, 1e-8);
            NDArray g = manager.create(new float[] {0.3f, -0.2f, 0.01f});
            reused.step(g, 0.01);
            first.step(g, 0.01);
            assertEquals(fresh.toGenome(), used.toGenome());
            assertEquals(1, reused.steps());
            reused.close();
            first.close();
        }
    }
}
