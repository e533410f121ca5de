package io.eaadam.common.genome;

import java.util.List;
import java.util.Map;

/**
 * The final merge of method 5.5: one backbone whose every tensor is the convex combination of the experts'
 * tensors with its layer's mixing weights ({@code conv_first.weight} and {@code conv_first.bias} take
 * {@code conv_first}'s). Summed in double, so the result is the exact combination rounded once.
 */
public final class ExpertMerge {

    /** How far from 1 a layer's mixing weights may sum (they are means of float32 softmax outputs). */
    static final double SUM_TOLERANCE = 1e-4;

    private ExpertMerge() {}

    /**
     * @param experts backbones of one layout, in mixing order
     * @param mixing per layer name, one weight per expert
     */
    public static Genome merge(List<Genome> experts, Map<String, double[]> mixing) {
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("merging needs at least one expert");
        }
        TensorLayout layout = experts.get(0).layout();
        for (Genome expert : experts) {
            if (!expert.layout().equals(layout)) {
                throw new IllegalArgumentException("experts of different layouts: " + layout + " and "
                        + expert.layout());
            }
        }
        Genome merged = Genome.zeros(layout);
        for (TensorSpec spec : layout.specs()) {
            double[] weights = weightsOf(spec.name(), mixing, experts.size());
            int numel = layout.numel(layout.indexOf(spec.name()));
            double[] sum = new double[numel];
            for (int k = 0; k < experts.size(); k++) {
                float[] tensor = experts.get(k).tensor(spec.name());
                for (int i = 0; i < numel; i++) {
                    sum[i] += weights[k] * tensor[i];
                }
            }
            float[] values = new float[numel];
            for (int i = 0; i < numel; i++) {
                values[i] = (float) sum[i];
            }
            merged.setTensor(spec.name(), values);
        }
        return merged;
    }

    /** {@code body.3.conv1.weight} belongs to layer {@code body.3.conv1}. */
    public static String layerOf(String tensorName) {
        int dot = tensorName.lastIndexOf('.');
        return dot < 0 ? tensorName : tensorName.substring(0, dot);
    }

    private static double[] weightsOf(String tensor, Map<String, double[]> mixing, int experts) {
        double[] weights = mixing.get(layerOf(tensor));
        if (weights == null) {
            throw new IllegalArgumentException("no mixing weights for layer " + layerOf(tensor) + " (tensor "
                    + tensor + ")");
        }
        if (weights.length != experts) {
            throw new IllegalArgumentException("layer " + layerOf(tensor) + " has " + weights.length
                    + " mixing weights for " + experts + " experts");
        }
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("layer " + layerOf(tensor) + " has a negative or NaN mixing weight");
            }
            total += w;
        }
        if (Math.abs(total - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("layer " + layerOf(tensor) + "'s mixing weights sum to " + total
                    + ", expected 1");
        }
        return weights;
    }
}
