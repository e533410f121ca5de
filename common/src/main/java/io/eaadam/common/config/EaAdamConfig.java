package io.eaadam.common.config;

import com.typesafe.config.Config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the system, typed and validated; read from the {@code eaadam} tree of a HOCON
 * config by {@link ConfigLoader}. Keys and defaults are documented in {@code conf/reference.conf}.
 */
public record EaAdamConfig(
        Run run,
        Model model,
        Data data,
        EaSet eaSet,
        Loss loss,
        Discriminator discriminator,
        Optimizer optimizer,
        Population population,
        Schedule schedule,
        Ea ea,
        Fusion fusion,
        Faults faults,
        DeviceSettings device,
        Upscale upscale)
        implements Serializable {

    public static final String ROOT = "eaadam";

    /** VGG19 layers whose (pre-ReLU) features a perceptual loss may use, in network order. */
    public static final List<String> VGG19_LAYERS = List.of(
            "conv1_1", "conv1_2", "conv2_1", "conv2_2",
            "conv3_1", "conv3_2", "conv3_3", "conv3_4",
            "conv4_1", "conv4_2", "conv4_3", "conv4_4",
            "conv5_1", "conv5_2", "conv5_3", "conv5_4");

    public record Run(String dir, long seed) implements Serializable {}

    public record Model(String arch, int scale, int numFeat, int numBlock, int numGrowCh, String initWeights)
            implements Serializable {}

    public record Data(String trainHr, String trainLr, String valHr, String valLr, int patchSize, int batchSize,
            int repeat, boolean augment, int cacheMb, int iterationsPerEpoch) implements Serializable {

        public int lrPatchSize(int scale) {
            return patchSize / scale;
        }
    }

    public record EaSet(String hr, String lr, int images, int tile, int maxTiles, int keepFrom, int keepCount)
            implements Serializable {}

    public record Perceptual(double weight, Map<String, Double> layers, String vggWeights) implements Serializable {}

    public record Gan(String type, double weight) implements Serializable {}

    public record Loss(Perceptual perceptual, Gan gan) implements Serializable {}

    public record Discriminator(int numFeat, int inputSize) implements Serializable {}

    public record Optimizer(double lr, double beta1, double beta2, double eps, List<Integer> milestones, double gamma)
            implements Serializable {

        /** MultiStepLR: the learning rate during {@code epoch}. */
        public double lrAt(int epoch) {
            double lrNow = lr;
            for (int milestone : milestones) {
                if (epoch >= milestone) {
                    lrNow *= gamma;
                }
            }
            return lrNow;
        }
    }

    public record Population(int size, int neighbourhood, boolean trainSlot0, boolean replaceSlot0)
            implements Serializable {}

    public record Schedule(int epochs, int adamEpochs, int eaEpochs, int logEvery)
            implements Serializable {}

    public record Ea(int iterations, double crossoverProbability, double globalPartnerProbability, double sbxEta,
            double mutationProbability, double mutationRate, double mutationStd, boolean mutateCrossoverChild,
            int maxReplacements, String selection, String mode) implements Serializable {}

    public record Fusion(int epochs, double lr, List<Integer> milestones, double gamma, double l1Weight,
            int headKernel, int headFeatures, int headParams, int headHidden, int discriminatorSlot,
            String setHr, String setLr, int setImages, int checkpointEpochs) implements Serializable {}

    /** Fault injection for tests: which Adam-phase task fails on its first attempt (slot -1: none). */
    public record Faults(int adamSlot, int adamPhase) implements Serializable {}

    public record DeviceSettings(String type, int threads) implements Serializable {}

    /** The {@code upscale} command: output format, tiling, limits and its test hook. */
    public record Upscale(String format, int quality, int tile, int overlap, int batch, long maxInputPixels,
            long jpegMaxOutputPixels, int pngCompression, int tasks, int haltAtOutput) implements Serializable {}

    /** Reads and validates the {@code eaadam} tree of a resolved config. */
    public static EaAdamConfig from(Config config) {
        Section root = new Section(config, ROOT);

        Section run = root.section("run");
        Run runConfig = new Run(run.string("dir"), run.longValue("seed"));

        Section model = root.section("model");
        String arch = model.oneOf("arch", "srresnet", "rrdb");
        int scale = model.positiveInt("scale");
        if (arch.equals("srresnet") && (scale < 2 || scale > 4)) {
            throw model.invalid("scale", "2, 3 or 4 for srresnet");
        }
        if (arch.equals("rrdb") && scale != 4) {
            throw model.invalid("scale", "4 for rrdb");
        }
        Model modelConfig = new Model(arch, scale, model.positiveInt("num-feat"), model.positiveInt("num-block"),
                model.positiveInt("num-grow-ch"), model.string("init-weights"));

        Section data = root.section("data");
        Data dataConfig = new Data(data.string("train-hr"), data.string("train-lr"), data.string("val-hr"),
                data.string("val-lr"), data.positiveInt("patch-size"), data.positiveInt("batch-size"),
                data.positiveInt("repeat"), data.bool("augment"), data.nonNegativeInt("cache-mb"),
                data.nonNegativeInt("iterations-per-epoch"));
        if (dataConfig.patchSize() % scale != 0) {
            throw data.invalid("patch-size", "a multiple of model.scale = " + scale);
        }

        Section eaSet = root.section("ea-set");
        EaSet eaSetConfig = new EaSet(eaSet.string("hr"), eaSet.string("lr"), eaSet.positiveInt("images"),
                eaSet.positiveInt("tile"), eaSet.positiveInt("max-tiles"), eaSet.nonNegativeInt("keep-from"),
                eaSet.positiveInt("keep-count"));
        if (eaSetConfig.tile() % scale != 0) {
            throw eaSet.invalid("tile", "a multiple of model.scale = " + scale);
        }

        Section perceptual = root.section("loss.perceptual");
        Map<String, Double> layers = perceptual.numberMap("layers");
        for (Map.Entry<String, Double> layer : layers.entrySet()) {
            if (!VGG19_LAYERS.contains(layer.getKey())) {
                throw new ConfigError(perceptual.key("layers") + "." + layer.getKey()
                        + ": unknown VGG19 layer; expected one of " + String.join(", ", VGG19_LAYERS));
            }
            if (!(layer.getValue() >= 0)) {
                throw new ConfigError(perceptual.key("layers") + "." + layer.getKey() + " = " + layer.getValue()
                        + ": expected a weight >= 0");
            }
        }
        if (layers.isEmpty()) {
            throw perceptual.invalid("layers", "at least one VGG19 layer, e.g. { conv5_4 = 1.0 }");
        }
        Section gan = root.section("loss.gan");
        Loss lossConfig = new Loss(
                new Perceptual(perceptual.nonNegative("weight"), inNetworkOrder(layers), perceptual.string("vgg-weights")),
                new Gan(gan.oneOf("type", "vanilla", "ragan"), gan.nonNegative("weight")));

        Section disc = root.section("discriminator");
        Discriminator discConfig = new Discriminator(disc.positiveInt("num-feat"), disc.positiveInt("input-size"));
        if (discConfig.inputSize() < 32 || Integer.bitCount(discConfig.inputSize()) != 1) {
            throw disc.invalid("input-size", "a power of two >= 32 (128 as the authors)");
        }
        if (discConfig.inputSize() != dataConfig.patchSize() && lossConfig.gan().weight() > 0) {
            throw disc.invalid("input-size", "data.patch-size = " + dataConfig.patchSize()
                    + " (the discriminator sees HR patches)");
        }

        Section optimizer = root.section("optimizer");
        Optimizer optimizerConfig = new Optimizer(optimizer.positive("lr"), optimizer.openUnit("beta1"),
                optimizer.openUnit("beta2"), optimizer.positive("eps"),
                optimizer.ascendingNonNegativeInts("milestones"), optimizer.positive("gamma"));

        Section population = root.section("population");
        Population populationConfig = new Population(population.intAtLeast("size", 2),
                population.positiveInt("neighbourhood"), population.bool("train-slot0"),
                population.bool("replace-slot0"));
        if (2 * populationConfig.neighbourhood() + 1 > populationConfig.size()) {
            throw population.invalid("neighbourhood", "at most (population.size - 1) / 2 = "
                    + (populationConfig.size() - 1) / 2 + " so that a neighbourhood of 2T+1 slots fits");
        }

        Section schedule = root.section("schedule");
        Schedule scheduleConfig = new Schedule(schedule.nonNegativeInt("epochs"), schedule.positiveInt("adam-epochs"),
                schedule.positiveInt("ea-epochs"), schedule.positiveInt("log-every"));

        Section ea = root.section("ea");
        Ea eaConfig = new Ea(ea.nonNegativeInt("iterations"), ea.probability("crossover-probability"),
                ea.probability("global-partner-probability"), ea.nonNegative("sbx-eta"),
                ea.probability("mutation-probability"), ea.probability("mutation-rate"),
                ea.nonNegative("mutation-std"), ea.bool("mutate-crossover-child"),
                ea.nonNegativeInt("max-replacements"), ea.oneOf("selection", "tchebycheff", "nsga2"),
                ea.oneOf("mode", "steady-state", "batch"));

        Section fusion = root.section("fusion");
        Fusion fusionConfig = new Fusion(fusion.nonNegativeInt("epochs"), fusion.positive("lr"),
                fusion.ascendingNonNegativeInts("milestones"), fusion.positive("gamma"),
                fusion.nonNegative("l1-weight"), fusion.positiveInt("head-kernel"),
                fusion.positiveInt("head-features"), fusion.positiveInt("head-params"),
                fusion.positiveInt("head-hidden"), fusion.intAtLeast("discriminator-slot", -1),
                fusion.string("set-hr"), fusion.string("set-lr"), fusion.positiveInt("set-images"),
                fusion.positiveInt("checkpoint-epochs"));
        if (fusionConfig.headKernel() % 2 == 0) {
            throw fusion.invalid("head-kernel", "an odd kernel size such as 3 or 5");
        }
        if (fusionConfig.discriminatorSlot() >= populationConfig.size()) {
            throw fusion.invalid("discriminator-slot", "-1 or a slot below population.size = "
                    + populationConfig.size());
        }

        Section faults = root.section("faults");
        Faults faultsConfig = new Faults(faults.intAtLeast("adam-slot", -1), faults.nonNegativeInt("adam-phase"));

        Section device = root.section("device");
        String deviceType = device.string("type").trim().toLowerCase(java.util.Locale.ROOT);
        if (!deviceType.matches("auto|cpu|gpu|gpu:\\d+|cuda:\\d+")) {
            throw device.invalid("type", "auto, cpu, gpu or gpu:N");
        }
        DeviceSettings deviceConfig = new DeviceSettings(deviceType, device.nonNegativeInt("threads"));

        return new EaAdamConfig(runConfig, modelConfig, dataConfig, eaSetConfig, lossConfig, discConfig,
                optimizerConfig, populationConfig, scheduleConfig, eaConfig, fusionConfig, faultsConfig, deviceConfig,
                upscale(root.section("upscale")));
    }

    private static Upscale upscale(Section upscale) {
        int quality = upscale.positiveInt("quality");
        if (quality > 100) {
            throw upscale.invalid("quality", "a JPEG quality from 1 to 100");
        }
        int tile = upscale.intAtLeast("tile", 8);
        int overlap = upscale.nonNegativeInt("overlap");
        if (2 * overlap > tile) {
            throw upscale.invalid("overlap", "at most upscale.tile / 2 = " + tile / 2);
        }
        int compression = upscale.nonNegativeInt("png-compression");
        if (compression > 9) {
            throw upscale.invalid("png-compression", "a zlib level from 0 to 9");
        }
        long maxInputPixels = upscale.longValue("max-input-pixels");
        long jpegMaxOutputPixels = upscale.longValue("jpeg-max-output-pixels");
        if (maxInputPixels < 1) {
            throw upscale.invalid("max-input-pixels", "a pixel count >= 1");
        }
        if (jpegMaxOutputPixels < 1) {
            throw upscale.invalid("jpeg-max-output-pixels", "a pixel count >= 1");
        }
        return new Upscale(upscale.oneOf("format", "png", "jpeg"), quality, tile, overlap,
                upscale.positiveInt("batch"), maxInputPixels, jpegMaxOutputPixels, compression,
                upscale.nonNegativeInt("tasks"), upscale.nonNegativeInt("halt-at-output"));
    }

    private static Map<String, Double> inNetworkOrder(Map<String, Double> layers) {
        Map<String, Double> ordered = new java.util.LinkedHashMap<>();
        for (String name : VGG19_LAYERS) {
            if (layers.containsKey(name)) {
                ordered.put(name, layers.get(name));
            }
        }
        return java.util.Collections.unmodifiableMap(ordered);
    }

    /** Sections whose keys are free names (validated by their reader), not listed in reference.conf. */
    static final Set<String> FREE_MAPS = Set.of(ROOT + ".loss.perceptual.layers");
}
