package io.eaadam.common.store;

import io.eaadam.common.config.ArchitectureDetection;
import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.NetworkInterpolation;
import io.eaadam.common.safetensors.SafeTensorsFiles;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models on the network-interpolation line between two stored models of one architecture
 * ({@link NetworkInterpolation}), as {@code interpolate} and {@code evaluate --interpolation} write them: one folder
 * per alpha, {@code alpha-0.20/}, with {@code model.safetensors} (BasicSR names, float32) and then its
 * {@code model.json}, which names both ends and the alpha; each file written atomically.
 */
public final class InterpolatedModels {

    public static final String WEIGHTS = "model.safetensors";

    /**
     * One end of the line.
     *
     * @param name the model as it was given (a model card or a safetensors file), for the card and messages
     * @param model its architecture, with its weights file and their sha256 ("" for unchecked)
     */
    public record End(String name, EaAdamConfig.Model model) {}

    private final End from;
    private final End to;
    private final ModelCard.Architecture architecture;
    private final Genome fromWeights;
    private final Genome toWeights;

    private InterpolatedModels(End from, End to, ModelCard.Architecture architecture, Genome fromWeights,
            Genome toWeights) {
        this.from = from;
        this.to = to;
        this.architecture = architecture;
        this.fromWeights = fromWeights;
        this.toWeights = toWeights;
    }

    /**
     * Reads both ends' weights (checked against their sha256 where one is given) and compares them.
     *
     * @throws BadInputException naming both ends when their architectures or tensors differ
     */
    public static InterpolatedModels between(End from, End to) throws IOException {
        ModelCard.Architecture architecture = ModelCard.Architecture.of(from.model());
        if (!architecture.equals(ModelCard.Architecture.of(to.model()))) {
            throw mismatch(from, to, "A is " + ArchitectureDetection.options(from.model()) + ", B "
                    + ArchitectureDetection.options(to.model()));
        }
        Genome a = SafeTensorsFiles.read(from.model().initWeights(), from.model().initWeightsSha256()).toGenome();
        Genome b = SafeTensorsFiles.read(to.model().initWeights(), to.model().initWeightsSha256()).toGenome();
        String differences = NetworkInterpolation.differences(a.layout(), b.layout());
        if (differences != null) {
            throw mismatch(from, to, differences);
        }
        return new InterpolatedModels(from, to, architecture, a, b);
    }

    /**
     * Writes the model at each alpha under {@code folder}.
     *
     * @return each model's card, by alpha, in the order of {@code alphas}
     */
    public Map<Double, String> write(List<Double> alphas, String folder) throws IOException {
        String fromSha256 = sha256(from.model());
        String toSha256 = sha256(to.model());
        RunStore out = new RunStore(folder);
        Map<Double, String> cards = new LinkedHashMap<>();
        for (double alpha : alphas) {
            String dir = folderName(alpha);
            Manifest.FileRef weights = out.writeGenome(dir + "/" + WEIGHTS,
                    NetworkInterpolation.interpolate(fromWeights, toWeights, alpha),
                    Map.of("format", "pt", "arch", architecture.arch().toString(), "alpha", Double.toString(alpha)));
            String card = out.uri(dir + "/" + ModelCard.FILE_NAME);
            new ModelCard(ModelCard.FORMAT, architecture, WEIGHTS, weights.sha256(), null, List.of(), Map.of(),
                    new ModelCard.Interpolation(from.name(), fromSha256, to.name(), toSha256, alpha)).write(card);
            cards.put(alpha, card);
        }
        return cards;
    }

    /** The folder of the model at {@code alpha}: {@code alpha-0.20}, which sorts by alpha. */
    public static String folderName(double alpha) {
        return "alpha-" + NetworkInterpolation.label(alpha);
    }

    /** The checksum a card or manifest gave, else the file's own (bare weights are not checked against anything). */
    private static String sha256(EaAdamConfig.Model model) throws IOException {
        return model.initWeightsSha256().isEmpty() ? Storage.sha256(Storage.readAll(Storage.path(model.initWeights())))
                : model.initWeightsSha256();
    }

    private static BadInputException mismatch(End from, End to, String differences) {
        return new BadInputException(from.name() + " (A) and " + to.name() + " (B) cannot be interpolated: "
                + differences);
    }
}
