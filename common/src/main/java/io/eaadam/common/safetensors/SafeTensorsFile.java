package io.eaadam.common.safetensors;

import static io.eaadam.common.safetensors.SafeTensorsFormatException.quote;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.genome.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file as read by {@link SafeTensors#read}: its metadata and its
 * floating-point tensors in header order. Integer BatchNorm step counters
 * ({@code *num_batches_tracked}) are validated but not kept.
 */
public final class SafeTensorsFile {

    /** PyTorch BatchNorm keeps a step counter in its state dict; it is not a weight. */
    private static final String BATCH_NORM_COUNTER_SUFFIX = "num_batches_tracked";

    /** PyTorch DataParallel prefixes every state-dict name with this when a wrapped model is saved. */
    private static final String DATA_PARALLEL_PREFIX = "module.";

    /** How many offending names an error message lists before it summarises the rest. */
    private static final int LISTED_NAMES = 10;

    private final String sourceName;
    private final Map<String, String> metadata;
    private final List<SafeTensor> tensors;

    /** {@code metadata} must be unmodifiable; it is kept as is to keep its header order. */
    SafeTensorsFile(String sourceName, Map<String, String> metadata, List<SafeTensor> tensors) {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.tensors = List.copyOf(tensors);
    }

    /** Whether {@code name} is a BatchNorm step counter, which loading ignores whatever its dtype. */
    static boolean isBatchNormCounter(String name) {
        return name.endsWith(BATCH_NORM_COUNTER_SUFFIX);
    }

    /**
     * Whether loading ignores {@code name} whatever its dtype: BatchNorm step counters, and the buffers SwinIR
     * derives from its window and the input size (an int64 index and a mask for one image size), which
     * eaadam computes itself.
     */
    static boolean isIgnored(String name) {
        return isBatchNormCounter(name) || name.endsWith(".relative_position_index") || name.endsWith(".attn_mask");
    }

    /** The file or stream the tensors were read from, as named in error messages. */
    public String sourceName() {
        return sourceName;
    }

    /** The {@code __metadata__} strings in header order; empty when the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The floating-point tensors in header order, names as stored. */
    public List<SafeTensor> tensors() {
        return tensors;
    }

    /**
     * The weights laid out exactly as {@code expected}. Names are matched after a leading
     * {@code module.} is stripped, and BatchNorm step counters and SwinIR's derived buffers are ignored.
     *
     * @throws SafeTensorsFormatException when a tensor of the layout is missing, the file has
     *     tensors the layout lacks, or a shape differs; the message lists the offending names
     */
    public Genome toGenome(TensorLayout expected) throws SafeTensorsFormatException {
        return match(expected, false);
    }

    /**
     * Like {@link #toGenome(TensorLayout)}, but tensors the layout lacks are ignored: for a network that
     * uses part of a checkpoint (VGG19's features without its classifier, truncated after conv5_4).
     */
    public Genome selectGenome(TensorLayout expected) throws SafeTensorsFormatException {
        return match(expected, true);
    }

    private Genome match(TensorLayout expected, boolean ignoreUnexpected) throws SafeTensorsFormatException {
        Map<String, SafeTensor> byName = weightsByName();
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (TensorSpec spec : expected.specs()) {
            SafeTensor tensor = byName.get(spec.name());
            if (tensor == null) {
                missing.add(quote(spec.name()));
            } else if (!Arrays.equals(tensor.shape(), spec.shape())) {
                wrongShape.add(quote(spec.name()) + " " + Arrays.toString(tensor.shape()) + " instead of "
                        + Arrays.toString(spec.shape()));
            }
        }
        List<String> unexpected = byName.keySet().stream()
                .filter(name -> !ignoreUnexpected && !expected.contains(name))
                .map(SafeTensorsFormatException::quote)
                .toList();
        if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
            List<String> problems = new ArrayList<>();
            describe(problems, "missing", missing);
            describe(problems, "unexpected", unexpected);
            describe(problems, "wrong shape", wrongShape);
            throw new SafeTensorsFormatException(sourceName, "tensors do not match the expected layout of "
                    + expected.tensorCount() + " tensors: " + String.join("; ", problems));
        }
        return fill(expected, byName);
    }

    /**
     * The weights laid out in file order, with the same naming rules as {@link #toGenome(TensorLayout)}.
     *
     * @throws SafeTensorsFormatException when two names coincide once {@code module.} is stripped
     */
    public Genome toGenome() throws SafeTensorsFormatException {
        Map<String, SafeTensor> byName = weightsByName();
        List<TensorSpec> specs = new ArrayList<>();
        byName.forEach((name, tensor) -> specs.add(new TensorSpec(name, tensor.shape())));
        return fill(new TensorLayout(specs), byName);
    }

    /** The tensors that are model weights, by their name without a DataParallel prefix, in file order. */
    private Map<String, SafeTensor> weightsByName() throws SafeTensorsFormatException {
        Map<String, SafeTensor> byName = new LinkedHashMap<>();
        for (SafeTensor tensor : tensors) {
            if (isIgnored(tensor.name())) {
                continue;
            }
            String name = withoutDataParallelPrefix(tensor.name());
            SafeTensor clash = byName.put(name, tensor);
            if (clash != null) {
                throw new SafeTensorsFormatException(sourceName, "tensors " + quote(clash.name()) + " and "
                        + quote(tensor.name()) + " both load as " + quote(name));
            }
        }
        return byName;
    }

    private static String withoutDataParallelPrefix(String name) {
        // A bare "module." stays as it is: the empty name is not a valid tensor name.
        return name.startsWith(DATA_PARALLEL_PREFIX) && name.length() > DATA_PARALLEL_PREFIX.length()
                ? name.substring(DATA_PARALLEL_PREFIX.length())
                : name;
    }

    private static Genome fill(TensorLayout layout, Map<String, SafeTensor> byName) {
        float[] values = new float[layout.size()];
        for (int i = 0; i < layout.tensorCount(); i++) {
            float[] tensor = byName.get(layout.spec(i).name()).values();
            System.arraycopy(tensor, 0, values, layout.offset(i), tensor.length);
        }
        return new Genome(layout, values);
    }

    /** Appends "label N: a, b, ... and M more" to {@code problems} when {@code names} is not empty. */
    private static void describe(List<String> problems, String label, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        String listed = String.join(", ", names.subList(0, Math.min(names.size(), LISTED_NAMES)));
        String rest = names.size() > LISTED_NAMES ? " and " + (names.size() - LISTED_NAMES) + " more" : "";
        problems.add(label + " " + names.size() + ": " + listed + rest);
    }
}
