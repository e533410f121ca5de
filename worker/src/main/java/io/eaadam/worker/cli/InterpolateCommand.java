package io.eaadam.worker.cli;

import io.eaadam.common.genome.NetworkInterpolation;
import io.eaadam.common.store.InterpolatedModels;
import io.eaadam.common.store.ModelCard;
import io.eaadam.worker.nn.Models;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code interpolate}: ESRGAN's network interpolation between a PSNR-oriented and a GAN-trained model, the baseline
 * that fusion is compared against; one model (weights and card) per alpha, usable wherever a model is taken.
 */
@Command(name = "interpolate",
        header = "Network interpolation between two models (ESRGAN's baseline), one model per alpha.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes, for each alpha, OUTPUT/alpha-0.20/ with model.safetensors (every tensor (1 - alpha) * "
            + "FROM + alpha * TO, float32, BasicSR names) and model.json (the architecture, both ends and the alpha). "
            + "FROM and TO must have the same architecture and tensors."})
final class InterpolateCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "MODEL",
            description = "The model at alpha 0 (e.g. PSNR-oriented): a model card (model.json) or safetensors "
                    + "weights.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "MODEL",
            description = "The model at alpha 1 (e.g. GAN-trained), of the same architecture.")
    String to;

    @Option(names = "--alpha", split = ",", paramLabel = "ALPHA", defaultValue = "0,0.2,0.4,0.6,0.8,1",
            description = "Alphas from 0 to 1, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Double> alphas;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "One folder per alpha inside.")
    String output;

    @Mixin
    ArchitectureOptions architecture;

    @Override
    public Integer call() throws IOException {
        Map<String, Double> byFolder = new HashMap<>();
        for (double alpha : alphas) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new UsageError("--alpha " + alpha + ": expected 0 to 1");
            }
            Double same = byFolder.put(InterpolatedModels.folderName(alpha), alpha);
            if (same != null) {
                throw new UsageError("--alpha " + same + " and " + alpha + " would both be "
                        + InterpolatedModels.folderName(alpha) + " (two decimals); give them once");
            }
        }
        InterpolatedModels.End a = new InterpolatedModels.End(from, ModelCard.modelAt(from, architecture.choice()));
        InterpolatedModels.End b = new InterpolatedModels.End(to, ModelCard.modelAt(to, architecture.choice()));
        InterpolatedModels line = InterpolatedModels.between(a, b);
        // The cards state the architecture: the weights must load as it (B has A's tensors, so A's check is B's).
        Models.check(a.model());
        Map<Double, String> cards = line.write(alphas, output);
        cards.forEach((alpha, card) -> System.out.println("interpolate: alpha " + NetworkInterpolation.label(alpha)
                + ": wrote " + card));
        return 0;
    }
}
