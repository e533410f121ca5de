package io.eaadam.worker.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

import io.eaadam.worker.runtime.CpuKernels;

import java.util.function.UnaryOperator;

/**
 * The tensor operations the networks are written in. Every result belongs to the manager of the
 * first (data) argument, so a forward pass started in a per-step scope leaves nothing behind.
 */
public final class Ops {

    private Ops() {}

    /**
     * Applies {@code f} to {@code x} with every intermediate array in a scope of its own, freed on
     * return; only the result joins {@code x}'s manager. DJL keeps an array alive until its manager
     * closes, so a forward pass without such scopes would hold every activation of the network at
     * once. Autograd keeps what backward needs by itself, so this is safe while training too.
     */
    public static NDArray scoped(NDArray x, UnaryOperator<NDArray> f) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager()) {
            // A fresh handle on x owned by the scope: results follow their first operand's manager.
            // (tempAttach would do, but nested tempAttach of one array closes it.)
            NDArray alias = x.reshape(x.getShape());
            alias.attach(scope);
            NDArray result = f.apply(alias);
            result.attach(owner);
            return result;
        }
    }

    /**
     * PyTorch's {@code F.conv2d}, square kernel, weight of shape (out, in / groups, k, k). On a CPU whose
     * kernels are wrong for some channel counts ({@link CpuKernels}), each group's input channels are
     * zero-padded, with zero kernel slices to match: the same result.
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        Shape s = x.getShape();
        long perGroup = s.get(1) / groups;
        int padded = CpuKernels.padInputChannels((int) perGroup);
        if (padded == perGroup || x.getDevice().isGpu()) {
            return convolution(x, weight, bias, stride, padding, groups);
        }
        return scoped(x, in -> {
            NDManager scope = in.getManager();
            NDArray grouped = in.reshape(s.get(0), groups, perGroup, s.get(2), s.get(3));
            NDArray input = NDArrays.concat(new NDList(grouped,
                    scope.zeros(new Shape(s.get(0), groups, padded - perGroup, s.get(2), s.get(3)))), 2)
                    .reshape(s.get(0), groups * padded, s.get(2), s.get(3));
            Shape w = weight.getShape();
            NDArray kernel = NDArrays.concat(new NDList(weight,
                    scope.zeros(new Shape(w.get(0), padded - perGroup, w.get(2), w.get(3)))), 1);
            kernel.attach(scope);
            return convolution(input, kernel, bias, stride, padding, groups);
        });
    }

    private static NDArray convolution(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), groups).singletonOrThrow();
    }

    /**
     * {@code x * factor}, the factor held in libtorch's memory. DJL's {@code x.mul(Number)} puts the number
     * in a tensor over a Java direct buffer and closes it at once; autograd keeps that tensor for the backward
     * pass, which then reads memory the garbage collector may have freed (gradients wrong at random, and
     * results that depend on the JVM's history). Every product with a number in a graph goes through here.
     * The factor takes x's type, as a Python number does in PyTorch.
     */
    public static NDArray mul(NDArray x, double factor) {
        try (NDArray scalar = JniUtils.full((PtNDManager) x.getManager(), new Shape(), factor, x.getDataType(),
                x.getDevice(), SparseFormat.DENSE)) {
            return x.mul(scalar);
        }
    }

    public static NDArray leakyRelu(NDArray x, float slope) {
        return Activation.leakyRelu(x, slope);
    }

    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** PyTorch's {@code F.linear}: x @ weight^T + bias, weight of shape (out, in). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    /** PyTorch's exact (erf) {@code F.gelu}, SwinIR's MLP activation. */
    public static NDArray gelu(NDArray x) {
        return JniUtils.gelu((PtNDArray) x);
    }

    /** PyTorch's {@code F.layer_norm} over the last axis, eps 1e-5 as {@code nn.LayerNorm}. */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        Shape s = x.getShape();
        return JniUtils.layerNorm((PtNDArray) x, new Shape(s.get(s.dimension() - 1)), (PtNDArray) gamma,
                (PtNDArray) beta, 1e-5);
    }

    /** PyTorch's {@code torch.take}: the elements of {@code x} flattened, at {@code index} (int64), in its shape. */
    public static NDArray take(NDArray x, NDArray index) {
        return JniUtils.take((PtNDArray) x, (PtNDArray) index, (PtNDManager) x.getManager());
    }

    /** PyTorch's {@code torch.gather} along {@code axis}, {@code index} (int64) of the result's shape. */
    public static NDArray gather(NDArray x, NDArray index, int axis) {
        return JniUtils.gather((PtNDArray) x, (PtNDArray) index, axis);
    }

    /** PyTorch's {@code torch.roll} along one axis: element i moves to (i + shift) mod size. */
    public static NDArray roll(NDArray x, int shift, int axis) {
        long size = x.getShape().get(axis);
        int split = (int) Math.floorMod(-shift, size);
        if (split == 0) {
            return x.reshape(x.getShape());
        }
        String head = ":, ".repeat(axis);
        return scoped(x, in -> NDArrays.concat(new NDList(in.get(head + split + ":"), in.get(head + ":" + split)), axis));
    }

    /**
     * Pads the bottom and right by mirroring, edge included, as SwinIR's test script does
     * ({@code torch.cat([x, torch.flip(x, [2])], 2)[..., :h + bottom, :]}); a side shorter than its padding
     * is mirrored again, back and forth.
     */
    public static NDArray mirrorPadEnd(NDArray x, int right, int bottom) {
        return scoped(x, in -> mirrorEnd(mirrorEnd(in, 3, right), 2, bottom));
    }

    private static NDArray mirrorEnd(NDArray x, int axis, int count) {
        if (count == 0) {
            return x;
        }
        long size = x.getShape().get(axis);
        NDList pieces = new NDList(x);
        NDArray flipped = x.flip(axis);
        for (long length = size; length < size + count; length += size) {
            pieces.add(pieces.size() % 2 == 1 ? flipped : x);
        }
        String head = ":, ".repeat(axis);
        return NDArrays.concat(pieces, axis).get(head + ":" + (size + count));
    }

    /**
     * PyTorch's {@code F.batch_norm} with PyTorch's momentum convention (running = (1-m) running + m batch).
     * In training mode it normalises with the batch statistics and updates the running ones in place.
     */
    public static NDArray batchNorm(NDArray x, NDArray gamma, NDArray beta, NDArray runningMean,
            NDArray runningVar, boolean training, double momentum, double eps) {
        // JniUtils names its parameters (gamma, beta, mean, var) but passes them to libtorch as
        // (running_mean, running_var, weight, bias), as PtNDArrayEx calls it.
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
                (PtNDArray) beta, training, momentum, eps);
    }

    /**
     * PyTorch's {@code F.prelu} with one slope per channel: x where x > 0, else slope * x; written as
     * relu(x) + slope * (x - relu(x)), which is both exactly, without a number in the graph.
     *
     * @param slopes (C) for every sample, or (B, C): one set per sample
     */
    public static NDArray prelu(NDArray x, NDArray slopes) {
        Shape shape = slopes.getShape();
        long batch = shape.dimension() == 2 ? shape.get(0) : 1;
        return scoped(x, in -> {
            NDArray positive = relu(in);
            NDArray slope = slopes.reshape(batch, shape.get(shape.dimension() - 1), 1, 1);
            slope.attach(in.getManager()); // a view of a weight: freed with the scope, not the weights
            return positive.add(in.sub(positive).mul(slope));
        });
    }

    /** PyTorch's {@code F.pixel_shuffle}: output channel c, sub-pixel (dy, dx) reads input channel c*r*r + dy*r + dx. */
    public static NDArray pixelShuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1) / (r * r);
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray split = x.reshape(b, c, r, r, h, w);
                NDArray interleaved = split.transpose(0, 1, 4, 2, 5, 3)) {
            return interleaved.reshape(b, c, h * r, w * r);
        }
    }

    /** PyTorch's {@code F.pixel_unshuffle}, the inverse of {@link #pixelShuffle}; h and w are multiples of r. */
    public static NDArray pixelUnshuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / r;
        long w = s.get(3) / r;
        try (NDArray split = x.reshape(b, c, h, r, w, r);
                NDArray gathered = split.transpose(0, 1, 3, 5, 2, 4)) {
            return gathered.reshape(b, c * r * r, h, w);
        }
    }

    /** PyTorch's {@code F.interpolate(scale_factor=r, mode='nearest')} for a whole r: every pixel repeated r x r. */
    public static NDArray nearestUpsample(NDArray x, int r) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        try (NDArray column = x.reshape(b, c, h, 1, w, 1);
                NDArray repeated = column.broadcast(new Shape(b, c, h, r, w, r))) {
            return repeated.reshape(b, c, r * h, r * w);
        }
    }

    /** A padding of the bottom rows and right columns of (B, C, H, W). */
    @FunctionalInterface
    public interface EndPadding {
        NDArray pad(NDArray x, int right, int bottom);
    }

    /**
     * {@code network} on {@code x} padded at the bottom and right to multiples of {@code multiple}, its output
     * ({@code scale} times the padded size) cropped back to {@code scale} times x's: any size goes in.
     */
    public static NDArray paddedToMultiple(NDArray x, int multiple, int scale, EndPadding padding,
            UnaryOperator<NDArray> network) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        int right = (int) ((multiple - w % multiple) % multiple);
        int bottom = (int) ((multiple - h % multiple) % multiple);
        if (right + bottom == 0) {
            return scoped(x, network);
        }
        return scoped(x, input -> network.apply(padding.pad(input, right, bottom))
                .get(":, :, :" + h * scale + ", :" + w * scale));
    }

    /**
     * {@code F.pad(x, (0, right, 0, bottom), 'reflect')}: the last rows and columns mirrored about the edge
     * (the edge itself not repeated); each pad below the side it extends.
     */
    public static NDArray reflectPadEnd(NDArray x, int right, int bottom) {
        return scoped(x, in -> {
            NDArray wide = right == 0 ? in : NDArrays.concat(new NDList(in, mirroredEnd(in, 3, right)), 3);
            return bottom == 0 ? wide : NDArrays.concat(new NDList(wide, mirroredEnd(wide, 2, bottom)), 2);
        });
    }

    /** The {@code count} slices before the last one along {@code axis}, in reverse order. */
    private static NDArray mirroredEnd(NDArray x, int axis, int count) {
        long size = x.getShape().get(axis);
        if (count >= size) {
            throw new IllegalArgumentException("reflect padding of " + count + " needs more than " + size + " pixels");
        }
        String range = (size - 1 - count) + ":" + (size - 1);
        String index = axis == 3 ? ":, :, :, " + range : ":, :, " + range + ", :";
        return x.get(index).flip(axis);
    }

    /**
     * Binary cross-entropy with logits against a constant label, averaged (PyTorch's
     * {@code BCEWithLogitsLoss}): label 1 gives softplus(-x), label 0 gives softplus(x).
     */
    public static NDArray bceWithLogits(NDArray logits, boolean label) {
        // Not logits.duplicate() for label 0: DJL clones under no-grad, which cuts the graph.
        if (label) {
            try (NDArray negated = logits.neg();
                    NDArray loss = JniUtils.softPlus((PtNDArray) negated)) {
                return loss.mean();
            }
        }
        try (NDArray loss = JniUtils.softPlus((PtNDArray) logits)) {
            return loss.mean();
        }
    }
}
