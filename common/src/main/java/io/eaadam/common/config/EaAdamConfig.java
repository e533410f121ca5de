package io.eaadam.common.config;

import com.typesafe.config.Config;

import io.eaadam.common.image.ImageLimits;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    public record Run(String dir, long seed) implements Serializable {

        static Run read(Section run) {
            return new Run(run.string("dir"), run.longValue("seed"));
        }
    }

    /**
     * A generator's architecture and its weights.
     *
     * @param numFeat feature channels; swinir: the upsampler's conv width (BasicSR's num_feat, 64)
     * @param numBlock residual blocks (srresnet, rrdb) or body convs ({@code num_conv}, srvgg); not used by swinir
     * @param numGrowCh the dense blocks' growth channels (rrdb only)
     * @param swin SwinIR's numbers (swinir only, else null)
     * @param initWeights the weights file; "" for the seeded init
     * @param initWeightsSha256 the sha256 the weights file must have; "" for unchecked
     */
    public record Model(Arch arch, int scale, int numFeat, int numBlock, int numGrowCh, SwinSettings swin,
            String initWeights, String initWeightsSha256) implements Serializable {

        /** The largest feature and growth widths and block counts accepted (BasicSR's largest are 64, 32, 23). */
        public static final int MAX_FEATURES = 1024;
        public static final int MAX_BLOCKS = 256;

        public Model {
            swin = arch == Arch.SWINIR ? Objects.requireNonNullElseGet(swin, SwinSettings::classical) : null;
        }

        /** The architecture without weights (swinir: the classical SwinIR-M's numbers). */
        public Model(Arch arch, int scale, int numFeat, int numBlock, int numGrowCh) {
            this(arch, scale, numFeat, numBlock, numGrowCh, null, "", "");
        }

        /** SwinIR with these numbers, without weights. */
        public static Model swinir(int scale, int numFeat, SwinSettings swin) {
            return new Model(Arch.SWINIR, scale, numFeat, 16, 32, swin, "", "");
        }

        /** This architecture with {@code weights}, which must have {@code sha256} ("" for unchecked). */
        public Model withWeights(String weights, String sha256) {
            return new Model(arch, scale, numFeat, numBlock, numGrowCh, swin, weights, sha256);
        }

        /** "srresnet x4, 64 features, 16 blocks", or SwinIR's numbers: for reports. */
        public String describe() {
            return arch + " x" + scale + ", " + (swin == null ? numFeat + " features, " + numBlock + " blocks"
                    : swin.describe());
        }

        /** The {@code model.*} settings that select this architecture, as {@code key=value} overrides. */
        public List<String> settings() {
            List<String> settings = new ArrayList<>(List.of("model.arch=" + arch, "model.scale=" + scale,
                    "model.num-feat=" + numFeat, "model.num-block=" + numBlock, "model.num-grow-ch=" + numGrowCh));
            if (swin != null) {
                settings.addAll(List.of("model.embed-dim=" + swin.embedDim(),
                        "model.depths=" + swin.depths(), "model.num-heads=" + swin.numHeads(),
                        "model.window-size=" + swin.windowSize(), "model.mlp-ratio=" + swin.mlpRatio(),
                        ConfigLoader.override("model.upsampler", swin.upsampler().toString()),
                        "model.resi-connection=" + swin.resiConnection(), "model.img-size=" + swin.imgSize(),
                        "model.img-range=" + swin.imgRange()));
            }
            return settings;
        }

        /** What is wrong with these numbers, or null: the checks of model.* shared with model cards. */
        public String problem() {
            if (!arch.hasScale(scale)) {
                return "scale " + scale + ": expected " + arch.scales() + " for " + arch;
            }
            if (numFeat < 1 || numFeat > MAX_FEATURES || numGrowCh < 1 || numGrowCh > MAX_FEATURES) {
                return "num-feat " + numFeat + ", num-grow-ch " + numGrowCh + ": expected 1 to " + MAX_FEATURES;
            }
            if (numBlock < 1 || numBlock > MAX_BLOCKS) {
                return "num-block " + numBlock + ": expected 1 to " + MAX_BLOCKS;
            }
            return swin == null ? null : swin.problem(scale);
        }

        static Model read(Section model) {
            Arch arch = model.choice("arch", Arch.class);
            int scale = model.positiveInt("scale");
            if (!arch.hasScale(scale)) {
                throw model.invalid("scale", arch.scales() + " for " + arch);
            }
            SwinSettings swin = arch == Arch.SWINIR ? readSwin(model) : null;
            Model read = new Model(arch, scale, model.intBetween("num-feat", 1, MAX_FEATURES),
                    model.intBetween("num-block", 1, MAX_BLOCKS), model.intBetween("num-grow-ch", 1, MAX_FEATURES),
                    swin, model.string("init-weights"),
                    model.string("init-weights-sha256").trim().toLowerCase(Locale.ROOT));
            if (!read.initWeightsSha256().isEmpty() && !read.initWeightsSha256().matches("[0-9a-f]{64}")) {
                throw model.invalid("init-weights-sha256", "64 hexadecimal digits, or \"\"");
            }
            String problem = read.problem();
            if (problem != null) {
                throw new ConfigError(model.key("arch") + " = swinir: " + problem);
            }
            return read;
        }

        private static SwinSettings readSwin(Section model) {
            return new SwinSettings(model.intBetween("embed-dim", 1, MAX_FEATURES), model.positiveInts("depths"),
                    model.positiveInts("num-heads"), model.positiveInt("window-size"), model.positive("mlp-ratio"),
                    model.choice("upsampler", SwinSettings.Upsampler.class),
                    model.choice("resi-connection", SwinSettings.ResiConnection.class), model.positiveInt("img-size"),
                    model.positive("img-range"));
        }
    }

    public record Data(String trainHr, String trainLr, String valHr, String valLr, int patchSize, int batchSize,
            int repeat, boolean augment, int cacheMb, int iterationsPerEpoch, ImageLimits imageLimits)
            implements Serializable {

        public int lrPatchSize(int scale) {
            return patchSize / scale;
        }

        /** The training folder, which train and fuse need and other commands do not. */
        public String requireTrainHr() {
            if (trainHr.isBlank()) {
                throw new ConfigError("eaadam.data.train-hr is empty; expected the folder of HR training images "
                        + "(in the config, or -Ddata.train-hr=DIR)");
            }
            return trainHr;
        }

        static Data read(Section data, int scale) {
            Data read = new Data(data.string("train-hr"), data.string("train-lr"), data.string("val-hr"),
                    data.string("val-lr"), data.positiveInt("patch-size"), data.positiveInt("batch-size"),
                    data.positiveInt("repeat"), data.bool("augment"), data.nonNegativeInt("cache-mb"),
                    data.nonNegativeInt("iterations-per-epoch"), new ImageLimits(data.positiveLong("max-image-bytes"),
                            data.setting("max-image-bytes"), data.positiveLong("max-image-pixels"),
                            data.setting("max-image-pixels")));
            if (read.patchSize() % scale != 0) {
                throw data.invalid("patch-size", "a multiple of model.scale = " + scale);
            }
            return read;
        }
    }

    public record EaSet(String hr, String lr, int images, int tile, int maxTiles, int keepFrom, int keepCount)
            implements Serializable {

        static EaSet read(Section eaSet, int scale) {
            EaSet read = new EaSet(eaSet.string("hr"), eaSet.string("lr"), eaSet.positiveInt("images"),
                    eaSet.positiveInt("tile"), eaSet.positiveInt("max-tiles"), eaSet.nonNegativeInt("keep-from"),
                    eaSet.positiveInt("keep-count"));
            if (read.tile() % scale != 0) {
                throw eaSet.invalid("tile", "a multiple of model.scale = " + scale);
            }
            return read;
        }
    }

    /**
     * @param randomVgg whether a seeded random VGG19 stands in for missing {@code vggWeights} (tests, demos)
     */
    public record Perceptual(double weight, Map<String, Double> layers, String vggWeights, boolean randomVgg)
            implements Serializable {

        /** Whether the perceptual loss runs on a random VGG19 (named in manifests, cards and reports). */
        public boolean usesRandomVgg() {
            return weight > 0 && vggWeights.isBlank();
        }

        /**
         * Refuses to train against a random VGG19 that nobody asked for: before any Spark job, {@code train},
         * {@code train-slot} and {@code fuse} call this.
         *
         * @throws ConfigError saying how to give torchvision's VGG19, or how to ask for the random one
         */
        public void requireVgg() {
            if (usesRandomVgg() && !randomVgg) {
                throw new ConfigError(ROOT + ".loss.perceptual.vgg-weights is empty, so the perceptual loss would use "
                        + "a random VGG19; convert torchvision's (python3 tools/convert_pth.py vgg19-dcbb9e9d.pth "
                        + "vgg19.safetensors) and pass -Dloss.perceptual.vgg-weights=vgg19.safetensors, or set "
                        + "-Dloss.perceptual.random-vgg=true for a test or demo");
            }
        }

        static Perceptual read(Section perceptual) {
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
            return new Perceptual(perceptual.nonNegative("weight"), inNetworkOrder(layers),
                    perceptual.string("vgg-weights"), perceptual.bool("random-vgg"));
        }

        private static Map<String, Double> inNetworkOrder(Map<String, Double> layers) {
            Map<String, Double> ordered = new LinkedHashMap<>();
            for (String name : VGG19_LAYERS) {
                if (layers.containsKey(name)) {
                    ordered.put(name, layers.get(name));
                }
            }
            return Collections.unmodifiableMap(ordered);
        }
    }

    public record Gan(GanType type, double weight) implements Serializable {

        static Gan read(Section gan) {
            return new Gan(gan.choice("type", GanType.class), gan.nonNegative("weight"));
        }
    }

    public record Loss(Perceptual perceptual, Gan gan) implements Serializable {

        static Loss read(Section loss) {
            return new Loss(Perceptual.read(loss.section("perceptual")), Gan.read(loss.section("gan")));
        }
    }

    public record Discriminator(int numFeat, int inputSize) implements Serializable {

        /** The discriminator sees HR patches, so an adversarial loss needs its input size to be the patch size. */
        static Discriminator read(Section disc, Data data, Loss loss) {
            Discriminator read = new Discriminator(disc.positiveInt("num-feat"), disc.positiveInt("input-size"));
            if (read.inputSize() < 32 || Integer.bitCount(read.inputSize()) != 1) {
                throw disc.invalid("input-size", "a power of two >= 32 (128 as the authors)");
            }
            if (read.inputSize() != data.patchSize() && loss.gan().weight() > 0) {
                throw disc.invalid("input-size", "data.patch-size = " + data.patchSize()
                        + " (the discriminator sees HR patches)");
            }
            return read;
        }
    }

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

        static Optimizer read(Section optimizer) {
            return new Optimizer(optimizer.positive("lr"), optimizer.openUnit("beta1"), optimizer.openUnit("beta2"),
                    optimizer.positive("eps"), optimizer.ascendingNonNegativeInts("milestones"),
                    optimizer.positive("gamma"));
        }
    }

    public record Population(int size, int neighbourhood, boolean trainSlot0, boolean replaceSlot0)
            implements Serializable {

        static Population read(Section population) {
            Population read = new Population(population.intAtLeast("size", 2),
                    population.positiveInt("neighbourhood"), population.bool("train-slot0"),
                    population.bool("replace-slot0"));
            if (2 * read.neighbourhood() + 1 > read.size()) {
                throw population.invalid("neighbourhood", "at most (population.size - 1) / 2 = "
                        + (read.size() - 1) / 2 + " so that a neighbourhood of 2T+1 slots fits");
            }
            return read;
        }
    }

    /** @param warmStartSteps L1 steps of stage 0, which train runs when model.init-weights is empty; 0 for none */
    public record Schedule(int epochs, int adamEpochs, int eaEpochs, int logEvery, int warmStartSteps)
            implements Serializable {

        static Schedule read(Section schedule) {
            return new Schedule(schedule.nonNegativeInt("epochs"), schedule.positiveInt("adam-epochs"),
                    schedule.positiveInt("ea-epochs"), schedule.positiveInt("log-every"),
                    schedule.nonNegativeInt("warm-start-steps"));
        }
    }

    public record Ea(int iterations, double crossoverProbability, double globalPartnerProbability, double sbxEta,
            double mutationProbability, double mutationRate, double mutationStd, boolean mutateCrossoverChild,
            int maxReplacements, Selection selection, EaMode mode, int workers) implements Serializable {

        static Ea read(Section ea) {
            return new Ea(ea.nonNegativeInt("iterations"), ea.probability("crossover-probability"),
                    ea.probability("global-partner-probability"), ea.nonNegative("sbx-eta"),
                    ea.probability("mutation-probability"), ea.probability("mutation-rate"),
                    ea.nonNegative("mutation-std"), ea.bool("mutate-crossover-child"),
                    ea.nonNegativeInt("max-replacements"), ea.choice("selection", Selection.class),
                    ea.choice("mode", EaMode.class), ea.nonNegativeInt("workers"));
        }
    }

    public record Fusion(int epochs, double lr, List<Integer> milestones, double gamma, double l1Weight,
            int headKernel, int headFeatures, int headParams, int headHidden, int discriminatorSlot,
            String setHr, String setLr, int setImages, int checkpointEpochs, DuplicateExperts duplicateExperts)
            implements Serializable {

        static Fusion read(Section fusion, Population population) {
            Fusion read = new Fusion(fusion.nonNegativeInt("epochs"), fusion.positive("lr"),
                    fusion.ascendingNonNegativeInts("milestones"), fusion.positive("gamma"),
                    fusion.nonNegative("l1-weight"), fusion.positiveInt("head-kernel"),
                    fusion.positiveInt("head-features"), fusion.positiveInt("head-params"),
                    fusion.positiveInt("head-hidden"), fusion.intAtLeast("discriminator-slot", -1),
                    fusion.string("set-hr"), fusion.string("set-lr"), fusion.positiveInt("set-images"),
                    fusion.positiveInt("checkpoint-epochs"), fusion.choice("duplicate-experts", DuplicateExperts.class));
            if (read.headKernel() % 2 == 0) {
                throw fusion.invalid("head-kernel", "an odd kernel size such as 3 or 5");
            }
            if (read.discriminatorSlot() >= population.size()) {
                throw fusion.invalid("discriminator-slot", "-1 or a slot below population.size = "
                        + population.size());
            }
            return read;
        }
    }

    /**
     * Fault injection for tests: which Adam-phase task (slot -1: none) and which rank of an EA stage (-1: none)
     * fail on their first attempt.
     */
    public record Faults(int adamSlot, int adamPhase, int eaRank, int eaEpoch) implements Serializable {

        static Faults read(Section faults) {
            return new Faults(faults.intAtLeast("adam-slot", -1), faults.nonNegativeInt("adam-phase"),
                    faults.intAtLeast("ea-rank", -1), faults.nonNegativeInt("ea-epoch"));
        }
    }

    public record DeviceSettings(DeviceChoice type, int threads) implements Serializable {

        static DeviceSettings read(Section device) {
            return new DeviceSettings(device.device("type"), device.nonNegativeInt("threads"));
        }
    }

    /**
     * The {@code upscale} command: output format, tiling, limits and its test hook.
     *
     * @param inputLimits bytes and pixels of an input
     */
    public record Upscale(OutputFormat format, int quality, int tile, int overlap, int batch, ImageLimits inputLimits,
            long maxBandMb, long jpegMaxOutputPixels, int pngCompression, int tasks, ChangedSettings onChangedSettings,
            int haltAtOutput) implements Serializable {

        static Upscale read(Section upscale) {
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
            ImageLimits inputLimits = new ImageLimits(upscale.positiveLong("max-input-bytes"),
                    upscale.setting("max-input-bytes"), upscale.positiveLong("max-input-pixels"),
                    upscale.setting("max-input-pixels"));
            return new Upscale(upscale.choice("format", OutputFormat.class), quality, tile, overlap,
                    upscale.positiveInt("batch"), inputLimits, upscale.positiveLong("max-band-mb"),
                    upscale.positiveLong("jpeg-max-output-pixels"), compression, upscale.nonNegativeInt("tasks"),
                    upscale.choice("on-changed-settings", ChangedSettings.class), upscale.nonNegativeInt("halt-at-output"));
        }
    }

    /** Reads and validates the {@code eaadam} tree of a resolved config. */
    public static EaAdamConfig from(Config config) {
        Section root = new Section(config, ROOT);
        Model model = Model.read(root.section("model"));
        Data data = Data.read(root.section("data"), model.scale());
        Loss loss = Loss.read(root.section("loss"));
        Population population = Population.read(root.section("population"));
        return new EaAdamConfig(Run.read(root.section("run")), model, data,
                EaSet.read(root.section("ea-set"), model.scale()), loss,
                Discriminator.read(root.section("discriminator"), data, loss),
                Optimizer.read(root.section("optimizer")), population, Schedule.read(root.section("schedule")),
                Ea.read(root.section("ea")), Fusion.read(root.section("fusion"), population),
                Faults.read(root.section("faults")), DeviceSettings.read(root.section("device")),
                Upscale.read(root.section("upscale")));
    }

    /** Sections whose keys are free names (validated by their reader), not listed in reference.conf. */
    static final Set<String> FREE_MAPS = Set.of(ROOT + ".loss.perceptual.layers");
}
