package io.eaadam.worker.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.safetensors.SafeTensorsFiles;
import io.eaadam.worker.runtime.TorchRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

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
                generator.weights().loadStateDict(SafeTensorsFiles.read(model.initWeights(), model.initWeightsSha256())
                        .toGenome(generator.weights().stateDictLayout()));
            }
            return generator;
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
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
