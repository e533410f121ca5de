package io.eaadam.common.genome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ESRGAN's network interpolation, the baseline that perception-distortion fusion is compared against (method
 * 6.5): every tensor of the model at {@code alpha} is {@code (1 - alpha) * from + alpha * to}, between a
 * distortion-oriented and a perception-oriented model of one layout. Summed in double, so each value is the exact
 * combination rounded once to float32.
 */
public final class NetworkInterpolation {

    /** How many names of each kind a layout difference lists before it summarises the rest. */
    private static final int LISTED_NAMES = 5;

    private NetworkInterpolation() {}

    /**
     * The model at {@code alpha}, in {@code from}'s tensor order; tensors are matched by name, so the two files
     * may list them in different orders (PyTorch's state-dict order, safetensors' sorted one).
     *
     * @param alpha in [0, 1]: 0 is {@code from}, 1 is {@code to}
     * @throws IllegalArgumentException when the tensors differ ({@link #differences} says how) or alpha is outside
     */
    public static Genome interpolate(Genome from, Genome to, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("interpolation alpha " + alpha + ": expected 0 to 1");
        }
        TensorLayout layout = from.layout();
        String differences = differences(layout, to.layout());
        if (differences != null) {
            throw new IllegalArgumentException("the two models differ: " + differences);
        }
        float[] a = from.values();
        float[] b = to.values();
        float[] values = new float[a.length];
        for (int t = 0; t < layout.tensorCount(); t++) {
            int offset = layout.offset(t);
            int offsetInTo = to.layout().offset(to.layout().indexOf(layout.spec(t).name()));
            for (int i = 0; i < layout.numel(t); i++) {
                // The ends are the models themselves, bit for bit: the sum would turn a -0.0 into 0.0.
                values[offset + i] = alpha == 0 ? a[offset + i] : alpha == 1 ? b[offsetInTo + i]
                        : (float) ((1 - alpha) * a[offset + i] + alpha * b[offsetInTo + i]);
            }
        }
        return new Genome(layout, values);
    }

    /**
     * What differs between the tensors of {@code from} (A) and {@code to} (B), on one line: tensors only in A, only
     * in B, or of other shapes; null when both have the same names and shapes, in whatever order.
     */
    public static String differences(TensorLayout from, TensorLayout to) {
        List<String> onlyFrom = new ArrayList<>();
        List<String> otherShape = new ArrayList<>();
        for (TensorSpec spec : from.specs()) {
            if (!to.contains(spec.name())) {
                onlyFrom.add(spec.name());
            } else if (!spec.equals(to.spec(to.indexOf(spec.name())))) {
                otherShape.add(spec.name() + " " + Arrays.toString(spec.shape()) + " in A, "
                        + Arrays.toString(to.spec(to.indexOf(spec.name())).shape()) + " in B");
            }
        }
        List<String> onlyTo = to.specs().stream().map(TensorSpec::name).filter(name -> !from.contains(name)).toList();
        if (onlyFrom.isEmpty() && onlyTo.isEmpty() && otherShape.isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        describe(problems, "only in A", onlyFrom);
        describe(problems, "only in B", onlyTo);
        describe(problems, "other shapes", otherShape);
        return String.format(Locale.ROOT, "A has %d tensors, B %d; %s", from.tensorCount(), to.tensorCount(),
                String.join("; ", problems));
    }

    /** {@code count} alphas evenly spaced strictly between 0 and 1: {@code k / (count + 1)}, k = 1 ... count. */
    public static List<Double> between(int count) {
        List<Double> alphas = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            alphas.add((double) k / (count + 1));
        }
        return alphas;
    }

    /** An alpha as model names and folders show it, two decimals ({@code 0.20}), so that names sort by alpha. */
    public static String label(double alpha) {
        return String.format(Locale.ROOT, "%.2f", alpha);
    }

    private static void describe(List<String> problems, String label, List<String> names) {
        if (!names.isEmpty()) {
            String rest = names.size() > LISTED_NAMES ? " and " + (names.size() - LISTED_NAMES) + " more" : "";
            problems.add(label + ": " + String.join(", ", names.subList(0, Math.min(names.size(), LISTED_NAMES)))
                    + rest);
        }
    }
}
