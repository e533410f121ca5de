package io.eaadam.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.worker.nn.ParameterSet;
import io.eaadam.worker.runtime.GradMode;

/**
 * PyTorch's Adam (no weight decay, no amsgrad) over a whole {@link ParameterSet} at once: the moments
 * live in two flat buffers beside the parameters' flat buffer, so a step is a handful of operations
 * whatever the number of tensors. The moments can be reset, as EA-Adam does after every EA phase.
 */
public final class Adam implements AutoCloseable {

    private final ParameterSet parameters;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDManager manager;
    private final NDArray firstMoment;
    private final NDArray secondMoment;
    private long steps;

    public Adam(ParameterSet parameters, double beta1, double beta2, double eps) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        NDArray flat = parameters.flatView();
        this.manager = flat.getManager().newSubManager();
        this.firstMoment = manager.zeros(flat.getShape());
        this.secondMoment = manager.zeros(flat.getShape());
    }

    /** One update with the given flat gradient (same layout as the parameters). */
    public void step(NDArray gradient, double lr) {
        steps++;
        double biasCorrection1 = 1 - Math.pow(beta1, steps);
        double biasCorrection2 = 1 - Math.pow(beta2, steps);
        double stepSize = lr / biasCorrection1;
        try (GradMode ignored = GradMode.disabled();
                NDManager scope = gradient.getManager().newSubManager()) {
            NDArray g = gradient.reshape(-1);
            g.attach(scope);
            firstMoment.muli(beta1).addi(g.mul(1 - beta1));
            secondMoment.muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray denominator = secondMoment.sqrt();
            denominator.attach(scope);
            denominator.divi(Math.sqrt(biasCorrection2)).addi(eps);
            NDArray update = firstMoment.div(denominator);
            update.attach(scope);
            parameters.flatView().subi(update.muli(stepSize));
        }
    }

    /** Forgets the moments and the step count: the next step is a first step again. */
    public void reset() {
        try (GradMode ignored = GradMode.disabled()) {
            firstMoment.muli(0);
            secondMoment.muli(0);
        }
        steps = 0;
    }

    public long steps() {
        return steps;
    }

    /** The moments as a state dict {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} (for checkpoints). */
    public Genome state() {
        TensorLayout layout = stateLayout(parameters.layout());
        float[] values = new float[layout.size()];
        float[] m = firstMoment.toFloatArray();
        float[] v = secondMoment.toFloatArray();
        System.arraycopy(m, 0, values, 0, m.length);
        System.arraycopy(v, 0, values, m.length, v.length);
        return new Genome(layout, values);
    }

    /** Restores {@link #state()} and the step count. */
    public void load(Genome state, long stepCount) {
        if (!state.layout().equals(stateLayout(parameters.layout()))) {
            throw new IllegalArgumentException("optimizer state " + state.layout() + " does not match "
                    + parameters.layout());
        }
        int n = parameters.layout().size();
        float[] values = state.values();
        try (NDManager scope = manager.newSubManager();
                GradMode ignored = GradMode.disabled()) {
            NDArray m = scope.create(java.util.Arrays.copyOfRange(values, 0, n));
            NDArray v = scope.create(java.util.Arrays.copyOfRange(values, n, 2 * n));
            firstMoment.muli(0).addi(m);
            secondMoment.muli(0).addi(v);
        }
        steps = stepCount;
    }

    static TensorLayout stateLayout(TensorLayout parameters) {
        TensorLayout.Builder builder = TensorLayout.builder();
        for (String prefix : new String[] {"exp_avg.", "exp_avg_sq."}) {
            parameters.specs().forEach(spec -> builder.add(prefix + spec.name(), spec.shape()));
        }
        return builder.build();
    }

    @Override
    public void close() {
        manager.close();
    }
}
