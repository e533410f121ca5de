import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/**
 * libtorch's float32 CPU convolution (forward, data and weight gradients) against the same computation in
 * float64, straight through DJL with nothing of eaadam's in between (no channel padding, no ISA limit:
 * run it under each ONEDNN_MAX_CPU_ISA with tools/cpu-kernels/check.sh). Prints one line per shape,
 * "ok" or what is wrong, and exits 1 when a shape is wrong.
 *   java -cp CLASSPATH tools/cpu-kernels/ConvCheck.java
 */
public class ConvCheck {

    /** kernel, input channels, output channels, groups: our networks' shapes and odd channel counts. */
    static final int[][] SHAPES = {
        {3, 3, 64, 1}, {3, 64, 64, 1}, {3, 64, 256, 1}, {3, 64, 3, 1}, {4, 64, 64, 1}, {3, 64, 128, 1},
        {4, 128, 128, 1}, {3, 96, 32, 1}, {3, 192, 64, 1}, {3, 8, 8, 1}, {3, 3, 8, 1}, {3, 20, 8, 1},
        {3, 24, 4, 1}, {3, 100, 20, 1}, {4, 100, 20, 1}, {5, 64, 100, 1}, {3, 12, 32, 4}, {3, 40, 16, 4},
        {3, 80, 12, 4}, {5, 128, 64, 2}};

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("libtorch " + engine.getVersion());
        int wrong = 0;
        try (NDManager manager = engine.newBaseManager()) {
            engine.setRandomSeed(0);
            for (int[] s : SHAPES) {
                int kernel = s[0], in = s[1], out = s[2], groups = s[3];
                int stride = kernel == 4 ? 2 : 1;
                NDArray x = manager.randomNormal(new Shape(4, in, 16, 16));
                NDArray w = manager.randomNormal(new Shape(out, in / groups, kernel, kernel));
                NDArray r = manager.randomNormal(new Shape(4, out, 16 / stride, 16 / stride));
                double[] single = outputAndGradients(engine, x, w, r, DataType.FLOAT32, stride, groups);
                double[] exact = outputAndGradients(engine, x, w, r, DataType.FLOAT64, stride, groups);
                double worst = 0, scale = 0;
                boolean nan = false;
                for (int i = 0; i < single.length; i++) {
                    nan |= Double.isNaN(single[i]);
                    worst = Math.max(worst, Math.abs(single[i] - exact[i]));
                    scale = Math.max(scale, Math.abs(exact[i]));
                }
                boolean ok = !nan && worst <= 1e-5 * scale;
                wrong += ok ? 0 : 1;
                System.out.printf("k%d %d->%d groups %d: %s%n", kernel, in, out, groups,
                        ok ? "ok" : nan ? "NaN" : String.format("wrong, max error %.3g of %.3g", worst, scale));
            }
        }
        System.out.println(wrong == 0 ? "all correct" : wrong + " of " + SHAPES.length + " shapes wrong");
        System.exit(wrong == 0 ? 0 : 1);
    }

    /** The output, then the gradients of sum(output * r) for x and w, in {@code type}. */
    static double[] outputAndGradients(Engine engine, NDArray x0, NDArray w0, NDArray r0, DataType type,
            int stride, int groups) {
        try (NDManager scope = x0.getManager().newSubManager()) {
            NDArray x = x0.toType(type, true);
            NDArray w = w0.toType(type, true);
            NDArray r = r0.toType(type, true);
            x.attach(scope);
            w.attach(scope);
            r.attach(scope);
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            int kernel = (int) w.getShape().get(2);
            int padding = kernel == 4 ? 1 : kernel / 2;
            NDArray y;
            try (GradientCollector collector = engine.newGradientCollector()) {
                y = Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(padding, padding),
                        new Shape(1, 1), groups).head();
                collector.backward(y.mul(r).sum());
            }
            NDArray all = y.flatten().concat(x.getGradient().flatten()).concat(w.getGradient().flatten());
            return all.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }
}
