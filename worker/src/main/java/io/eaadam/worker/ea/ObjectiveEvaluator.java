package io.eaadam.worker.ea;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.random.Seeds;
import io.eaadam.worker.loss.PerceptualLoss;
import io.eaadam.worker.loss.PixelLoss;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.nn.Vgg19Features;
import io.eaadam.worker.runtime.GradMode;
import io.eaadam.worker.runtime.TorchRuntime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The EA's objectives of a generator on the fixed EA set (method 2.5): f1 = the mean over images of the
 * L1 of all its tiles, f2 = the mean over images of the perceptual loss (no GAN term), each image one batch
 * of its tiles. An evaluator may hold a share of the set's images ({@link #perImage}) whose losses are
 * averaged with the other shares' by {@link Objectives#meanOverImages}. The set's tiles
 * and the VGG features of its HR tiles stay on the device, computed once (bug B10: the authors reload the
 * images for every child). Without autograd. One evaluator per thread; weights are swapped per genome.
 */
public final class ObjectiveEvaluator implements AutoCloseable {

    private final NDManager manager;
    private final Generator generator;
    private final Vgg19Features vgg;
    private final PerceptualLoss perceptual;
    private final List<NDArray> lrTiles = new ArrayList<>();
    private final List<NDArray> hrTiles = new ArrayList<>();
    private final List<NDList> hrFeatures = new ArrayList<>();

    /** @param eaSet one batch of tiles per EA image (or per image of this evaluator's share) */
    public ObjectiveEvaluator(EaAdamConfig config, List<Batch> eaSet, Device device) throws IOException {
        this.manager = NDManager.newBaseManager(device, TorchRuntime.ENGINE);
        try (GradMode ignored = GradMode.disabled()) {
            this.generator = Generator.create(config.model(), manager);
            this.vgg = Models.vgg(config.loss().perceptual(), manager, Seeds.derive(config.run().seed(), "vgg-init"));
            this.perceptual = new PerceptualLoss(vgg, config.loss().perceptual().layers(),
                    config.loss().perceptual().weight());
            for (Batch image : eaSet) {
                lrTiles.add(manager.create(image.lr(), new Shape(image.lrShape())));
                NDArray hr = manager.create(image.hr(), new Shape(image.hrShape()));
                hrTiles.add(hr);
                hrFeatures.add(perceptual.targetFeatures(hr));
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The generator's state-dict layout, which the genomes evaluated have. */
    public TensorLayout layout() {
        return generator.weights().stateDictLayout();
    }

    public Objectives evaluate(Genome generatorWeights) {
        float[][] losses = perImage(generatorWeights);
        return Objectives.meanOverImages(losses[0], losses[1]);
    }

    /** f1 and f2 of each image this evaluator holds, in its order: {@code {distortion[], perception[]}}. */
    public float[][] perImage(Genome generatorWeights) {
        generator.weights().loadStateDict(generatorWeights);
        try (GradMode ignored = GradMode.disabled();
                NDManager scope = manager.newSubManager()) {
            // Per-image losses stay on the device; one copy to the host per child, not two per image.
            NDList perImage = new NDList();
            for (int i = 0; i < lrTiles.size(); i++) {
                try (NDManager imageScope = scope.newSubManager()) {
                    NDArray sr = generator.forward(lrTiles.get(i));
                    sr.attach(imageScope);
                    NDArray losses = NDArrays.stack(new NDList(PixelLoss.l1(sr, hrTiles.get(i)),
                            perceptual.compute(sr, hrFeatures.get(i))));
                    losses.attach(scope);
                    perImage.add(losses);
                }
            }
            float[] rows = NDArrays.stack(perImage).toFloatArray(); // (image, objective)
            float[][] columns = new float[2][rows.length / 2];
            for (int i = 0; i < rows.length / 2; i++) {
                columns[0][i] = rows[2 * i];
                columns[1][i] = rows[2 * i + 1];
            }
            return columns;
        }
    }

    @Override
    public void close() {
        generator.close();
        vgg.close();
        manager.close();
    }
}
