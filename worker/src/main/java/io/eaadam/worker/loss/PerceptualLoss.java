package io.eaadam.worker.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.worker.nn.Ops;
import io.eaadam.worker.nn.Vgg19Features;

import java.util.List;
import java.util.Map;

/**
 * BasicSR's PerceptualLoss with the L1 criterion and no style term:
 * {@code weight * sum_l w_l * mean|phi_l(sr) - phi_l(hr)|} over VGG19 features taken before ReLU.
 * The VGG is frozen; gradients flow to {@code sr} only. Safe to share between threads.
 */
public final class PerceptualLoss {

    private final Vgg19Features vgg;
    private final double weight;
    private final float[] layerWeights;

    /** @param layers VGG19 layer names with their weights; the VGG must output exactly these layers */
    public PerceptualLoss(Vgg19Features vgg, Map<String, Double> layers, double weight) {
        this.vgg = vgg;
        this.weight = weight;
        // The VGG returns features in network order; take the weights in that order too.
        List<String> ordered = EaAdamConfig.VGG19_LAYERS.stream().filter(layers::containsKey).toList();
        this.layerWeights = new float[ordered.size()];
        for (int i = 0; i < layerWeights.length; i++) {
            layerWeights[i] = layers.get(ordered.get(i)).floatValue();
        }
    }

    /** The features of the target, to compute once when the same target is compared many times. */
    public NDList targetFeatures(NDArray hr) {
        return vgg.features(hr);
    }

    public NDArray compute(NDArray sr, NDArray hr) {
        try (NDList target = vgg.features(hr)) {
            return compute(sr, target);
        }
    }

    /** The loss of {@code sr} against precomputed target features. */
    public NDArray compute(NDArray sr, NDList targetFeatures) {
        try (NDList features = vgg.features(sr)) {
            NDArray total = null;
            for (int i = 0; i < layerWeights.length; i++) {
                try (NDArray layerLoss = PixelLoss.l1(features.get(i), targetFeatures.get(i))) {
                    NDArray term = Ops.mul(layerLoss, layerWeights[i]);
                    if (total == null) {
                        total = term;
                    } else {
                        NDArray sum = total.add(term);
                        total.close();
                        term.close();
                        total = sum;
                    }
                }
            }
            if (weight == 1.0) {
                return total;
            }
            try (NDArray unweighted = total) {
                return Ops.mul(unweighted, weight);
            }
        }
    }
}
