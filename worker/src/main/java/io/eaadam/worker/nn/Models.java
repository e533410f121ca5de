package io.eaadam.worker.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.ArchitectureDetection;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.safetensors.SafeTensorsFile;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.common.safetensors.SafeTensorsFormatException;
import io.eaadam.worker.runtime.TorchRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds the networks a config describes, with their weights loaded from safetensors files or seeded. */
public final class Models {

    private static final Logger logger = LoggerFactory.getLogger(Models.class);
    private static final java.util.concurrent.atomic.AtomicBoolean RANDOM_VGG_WARNED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private Models() {}

    /** The generator, from {@code model.init-weights} (BasicSR names) or BasicSR's init from {@code seed}. */
    public static Generator generator(EaAdamConfig.Model model, NDManager manager, long seed) throws IOException {
        Generator generator = Generator.create(model, manager);
        try {
            if (model.initWeights().isBlank()) {
                generator.weights().initialize(seed);
            } else {
                SafeTensorsFile file = SafeTensorsFiles.read(model.initWeights(), model.initWeightsSha256());
                generator.weights().loadStateDict(fitting(file, model, generator));
            }
            return generator;
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
    }

    /** The file's weights in the generator's layout; a file of another architecture is named with its options. */
    private static Genome fitting(SafeTensorsFile file, EaAdamConfig.Model model, Generator generator)
            throws SafeTensorsFormatException {
        try {
            return file.toGenome(generator.weights().stateDictLayout());
        } catch (SafeTensorsFormatException e) {
            Map<String, int[]> shapes = new HashMap<>();
            file.tensors().forEach(t -> shapes.put(t.name(), t.shape()));
            Optional<EaAdamConfig.Model> saved = ArchitectureDetection.of(shapes);
            if (saved.isEmpty() || ArchitectureDetection.options(saved.get()).equals(ArchitectureDetection.options(model))) {
                throw e;
            }
            throw new SafeTensorsFormatException(file.sourceName(), "weights of " + ArchitectureDetection.options(saved.get())
                    + ", not of the " + ArchitectureDetection.options(model) + " asked for; pass those options (or a "
                    + "model.json card that names them)");
        }
    }

    /**
     * Loads {@code model}'s weights into its generator on the CPU and lets both go: a missing, corrupt or
     * mismatched file is found here, on the driver, before any task is sent.
     */
    public static void check(EaAdamConfig.Model model) throws IOException {
        if (model.initWeights().isBlank()) {
            return;
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), TorchRuntime.ENGINE)) {
            generator(model, manager, 0).close();
        }
    }

    /**
     * LPIPS (alex) from the lpips package's state dict as safetensors ({@code net.slice*}, {@code lin*};
     * its constant {@code scaling_layer} entries are ignored).
     */
    public static LpipsAlex lpips(String uri, NDManager manager) throws IOException {
        LpipsAlex lpips = new LpipsAlex(manager);
        try {
            lpips.weights().loadStateDict(SafeTensorsFiles.read(uri).selectGenome(lpips.weights().stateDictLayout()));
            return lpips;
        } catch (IOException | RuntimeException e) {
            lpips.close();
            throw e;
        }
    }

    /**
     * The VGG19 of the perceptual loss: torchvision's weights from {@code loss.perceptual.vgg-weights}
     * (the classifier and deeper layers in the file are ignored), or a seeded random VGG with a warning.
     */
    public static Vgg19Features vgg(EaAdamConfig.Perceptual perceptual, NDManager manager, long seed)
            throws IOException {
        Vgg19Features vgg = new Vgg19Features(manager, perceptual.layers().keySet());
        try {
            if (perceptual.vggWeights().isBlank()) {
                if (!RANDOM_VGG_WARNED.getAndSet(true)) {
                    logger.warn("loss.perceptual.vgg-weights is empty: the perceptual loss uses a random VGG19 "
                        + "(fine for tests and demos, meaningless for real training)");
                }
                vgg.weights().initialize(seed);
            } else {
                vgg.weights().loadStateDict(SafeTensorsFiles.read(perceptual.vggWeights())
                        .selectGenome(vgg.weights().stateDictLayout()));
            }
            return vgg;
        } catch (IOException | RuntimeException e) {
            vgg.close();
            throw e;
        }
    }
}
