package io.eaadam.common.store;

import io.eaadam.common.config.Arch;
import io.eaadam.common.config.ArchitectureChoice;
import io.eaadam.common.config.ConfigLoader;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.config.SwinSettings;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.json.Json;
import io.eaadam.common.safetensors.SafeTensorsFiles;


import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: what a stored model is, beside its safetensors weights. Any command that takes a
 * model ({@code upscale}, {@code evaluate}, {@code infer}) reads the architecture from here, so a fused
 * model is used without repeating its options.
 *
 * @param weights the weights file, relative to the card's folder
 * @param source where the model came from; null for a model that was not fused from a run
 * @param mixing per mixed layer, the expert mixing weights of the final merge (method 5.5); empty if none
 * @param metrics per benchmark name, metric name (psnr_y, ssim_y, lpips) to value
 * @param interpolation the two models this one interpolates; null for a model that is not an interpolation (and
 *     in cards written before interpolation existed: an optional key, so the format stayed)
 */
public record ModelCard(String format, Architecture architecture, String weights, String weightsSha256,
        Source source, List<LayerMixing> mixing, Map<String, Map<String, Double>> metrics,
        Interpolation interpolation) {

    public static final String FORMAT = "eaadam-model/2";
    /** The first format, with camelCase keys; still read. */
    private static final String FIRST_FORMAT = "eaadam-model/1";
    public static final String FILE_NAME = "model.json";

    /** The generator's shape: what {@code model.*} of the config says. */
    public record Architecture(Arch arch, int scale, int numFeat, int numBlock, int numGrowCh, SwinSettings swin) {

        /** A convolutional backbone's shape (no SwinIR numbers). */
        public Architecture(Arch arch, int scale, int numFeat, int numBlock, int numGrowCh) {
            this(arch, scale, numFeat, numBlock, numGrowCh, null);
        }

        public static Architecture of(EaAdamConfig.Model model) {
            return new Architecture(model.arch(), model.scale(), model.numFeat(), model.numBlock(), model.numGrowCh(),
                    model.swin());
        }

        /** This architecture with {@code weights}, which must have {@code sha256} ("" for unchecked). */
        public EaAdamConfig.Model toModel(String weights, String sha256) {
            return new EaAdamConfig.Model(arch, scale, numFeat, numBlock, numGrowCh, swin, weights, sha256);
        }
    }

    /**
     * What a fusion merged, and with which settings.
     *
     * @param experts the population slots merged, in merge order (by slot)
     * @param preferences each expert's preference vector, in the same order
     * @param configSha256 the sha256 of {@code config}; null in cards of the first format
     * @param config the fusion's settings (the run's configuration with --conf and -D applied); null in
     *     cards of the first format
     */
    public record Source(String run, int generation, List<Integer> experts, List<double[]> preferences,
            String configSha256, String config) implements java.io.Serializable {

        /**
         * What differs between the fusion this describes and {@code wanted}, or null when they are the same
         * fusion (wherever the run folder now is): generation, experts and, when both know them, settings.
         */
        public String differences(Source wanted) {
            List<String> differences = new java.util.ArrayList<>();
            if (generation != wanted.generation) {
                differences.add("generation " + generation + " (asked: " + wanted.generation + ")");
            }
            if (!experts.equals(wanted.experts)) {
                differences.add("experts " + experts + " (asked: " + wanted.experts + ")");
            }
            if (configSha256 != null && wanted.configSha256 != null && !configSha256.equals(wanted.configSha256)) {
                differences.add(config == null || wanted.config == null ? "other settings"
                        : "settings " + String.join(", ", ConfigLoader.differences(config, wanted.config)));
            }
            return differences.isEmpty() ? null : String.join("; ", differences);
        }
    }

    /** One conv of the merged model: weight and bias are sum_k weights[k] * expert_k. */
    public record LayerMixing(String layer, double[] weights) {}

    /**
     * ESRGAN's network interpolation: every tensor is {@code (1 - alpha) * from + alpha * to}.
     *
     * @param from the model at alpha 0, as it was given (a model card or a safetensors file)
     * @param to the model at alpha 1
     * @param fromWeightsSha256 the sha256 of {@code from}'s weights file; {@code toWeightsSha256} of {@code to}'s
     */
    public record Interpolation(String from, String fromWeightsSha256, String to, String toWeightsSha256,
            double alpha) {}

    /** A card of a model that is not an interpolation. */
    public ModelCard(String format, Architecture architecture, String weights, String weightsSha256, Source source,
            List<LayerMixing> mixing, Map<String, Map<String, Double>> metrics) {
        this(format, architecture, weights, weightsSha256, source, mixing, metrics, null);
    }

    /** Writes the card atomically to {@code path}. */
    public void write(String path) throws IOException {
        byte[] json = Json.write(this).getBytes(StandardCharsets.UTF_8);
        Storage.writeAtomically(Storage.path(path), out -> out.write(json));
    }

    /** Reads and checks a card; the error names the file and what is wrong. */
    public static ModelCard read(String path) throws IOException {
        String text;
        try {
            text = new String(Storage.readAll(Storage.path(path)), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(path + ": no such model card");
        }
        ModelCard card = Json.read(text, ModelCard.class, FORMAT, path, Map.of(FIRST_FORMAT, Json.CAMEL_CASE));
        Architecture a = card.architecture();
        if (a == null || a.arch() == null || card.weights() == null || card.weights().isBlank()
                || card.weightsSha256() == null || !card.weightsSha256().matches("[0-9a-f]{64}")) {
            throw new BadInputException(path + ": model card needs architecture {arch: srresnet|rrdb, scale, num_feat, "
                    + "num_block, num_grow_ch}, weights and weights_sha256");
        }
        String problem = a.arch() == Arch.SWINIR && a.swin() == null ? "swinir without its swin numbers"
                : a.toModel("", "").problem();
        if (problem != null) {
            throw new BadInputException(path + ": architecture " + problem);
        }
        return card;
    }

    /**
     * The model stored at {@code path}: a model card gives its architecture, and its weights file (beside it)
     * and that file's sha256, checked when it is loaded; a safetensors file's architecture is read from its
     * tensors, and {@code options} given must agree with it.
     */
    public static EaAdamConfig.Model modelAt(String path, ArchitectureChoice options) throws IOException {
        if (path.endsWith(".json")) {
            return read(path).model(path);
        }
        return options.forWeights(SafeTensorsFiles.shapes(path), path).withWeights(path, "");
    }

    /** The model of this card, read from {@code cardPath}: its architecture, weights file and their sha256. */
    public EaAdamConfig.Model model(String cardPath) {
        return architecture.toModel(weightsPath(cardPath), weightsSha256);
    }

    /**
     * The weights file of a card read from {@code cardPath}: a path in the card's folder or below it, never a
     * URL or an absolute path, since a card may come from anyone.
     *
     * @throws IllegalArgumentException for weights outside the card's folder
     */
    public String weightsPath(String cardPath) {
        try {
            return Storage.child(Storage.path(cardPath).getParent(), weights).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cardPath + ": weights '" + weights
                    + "': expected a file in the card's folder or below it");
        }
    }
}
