package io.eaadam.worker.cli;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.ModelCard;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code --model}: a model card, or bare weights (their architecture read from them). */
public final class ModelFileOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A model card (model.json) or safetensors weights with BasicSR names "
                    + "(tools/convert_pth.py converts .pth checkpoints).")
    String file;

    @Mixin
    ArchitectureOptions architecture;

    /**
     * The model: a card names its architecture and weights; a safetensors file's is read from its tensors.
     * The result's {@code initWeights} is the weights file.
     */
    public EaAdamConfig.Model model() throws IOException {
        return ModelCard.modelAt(file, architecture.choice());
    }
}
