package io.eaadam.jobs.report;

import ai.djl.ndarray.NDManager;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.ImagePair;
import io.eaadam.common.data.PairLoader;
import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.Image;
import io.eaadam.common.image.MatlabResize;
import io.eaadam.common.image.Texture;
import io.eaadam.common.store.EvaluationReport;
import io.eaadam.common.store.GenerationMetrics;
import io.eaadam.common.store.Losses;
import io.eaadam.common.store.Manifest;
import io.eaadam.common.store.ModelCard;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.common.store.WarmStart;
import io.eaadam.worker.infer.Upscaler;
import io.eaadam.worker.nn.Generator;
import io.eaadam.worker.nn.Models;
import io.eaadam.worker.runtime.Devices;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * {@code <run>/report.html}: one self-contained page (inline SVG and CSS, images as data: URIs, no
 * script, nothing fetched) on a run as its folder stands: the objective space with every slot and the
 * Pareto front per generation, the hypervolume over generations, the Adam phases' loss curves
 * (metrics.jsonl), the newest generation's slots and where they trained, the fused models' cards
 * ({@code fused/gen-NNNN/model.json}) and evaluations ({@code evaluation/<benchmark>/evaluation.json}) when present,
 * with the experts and fused models against the network-interpolation line where the evaluation has one,
 * and crops of a validation image ({@code data.val-hr}) upscaled by bicubic, each expert of the newest
 * generation and the newest fused model. While a run trains, {@link LiveReport} adds the running phase.
 */
public final class RunReport {

    public static final String FILE = "report.html";
    /** Generations drawn in the objective space besides the newest, spread over the run. */
    private static final int SHOWN_GENERATIONS = 8;
    /** Side of the validation crop, in LR pixels. */
    private static final int CROP = 32;
    /** The validation images searched for the most detailed crop. */
    private static final int CROP_CANDIDATES = 8;
    /** The loss curves drawn: each loss of an Adam phase, by name. */
    private record LossCurve(String name, ToDoubleFunction<Losses> value) {}

    private static final List<LossCurve> LOSS_CURVES = List.of(new LossCurve("l1", Losses::l1),
            new LossCurve("perceptual", Losses::perceptual), new LossCurve("adversarial", Losses::adversarial),
            new LossCurve("discriminator", Losses::discriminator));

    private final EaAdamConfig config;
    private final RunStore store;

    private RunReport(EaAdamConfig config) {
        this.config = config;
        this.store = new RunStore(config.run().dir());
    }

    /**
     * Writes the report after a command changed the run (a generation, a fusion, an evaluation); a report
     * that cannot be written is logged, never a reason to fail the command.
     */
    public static void update(EaAdamConfig config) {
        try {
            write(config);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunReport.class).warn("{}/{} not updated: {}", config.run().dir(), FILE,
                    e.getMessage());
        }
    }

    /** Writes the report of the run at {@code config.run().dir()} and returns its URI. */
    public static String write(EaAdamConfig config) throws IOException {
        RunReport report = new RunReport(config);
        report.store.writeText(FILE, report.render().html(null));
        return report.store.uri(FILE);
    }

    /** The report of the run at {@code config.run().dir()}, to be written with or without a running section. */
    static Page render(EaAdamConfig config) throws IOException {
        return new RunReport(config).render();
    }

    /**
     * The page in the parts around what a live report adds: its refresh at the end of {@code head}, its section
     * on the running phase between {@code top} (the title and the run's line) and {@code rest}.
     */
    record Page(String head, String top, String rest) {

        /** The HTML; {@code running}: a live report's section on the running phase, null for the final report. */
        String html(String running) {
            return head + (running == null ? "" : "<meta http-equiv=\"refresh\" content=\""
                    + LiveReport.REFRESH_SECONDS + "\">") + "</head><body>" + top + (running == null ? "" : running)
                    + rest + "</body></html>\n";
        }
    }

    private Page render() throws IOException {
        Manifest newest = store.latest().orElseThrow(() -> new IOException(store.runDir()
                + ": no complete generation yet (no gen-NNNN/manifest.json), nothing to report"));
        List<Manifest> generations = new ArrayList<>();
        for (int g = 0; g <= newest.generation(); g++) {
            generations.add(store.readManifest(g));
        }
        List<GenerationMetrics> metrics = GenerationMetrics.file(store).records();
        Map<String, ModelCard> fused = fusedModels();
        String top = "<h1>EA-Adam run report</h1>" + String.format(Locale.ROOT, "<p class=\"meta\">%s &middot; %s "
                + "&middot; population %d &middot; generation %d (%s) &middot; written %s</p>",
                Html.escape(store.runDir()), Html.escape(config.model().describe()), config.population().size(),
                newest.generation(), Html.escape(newest.phase()), now());
        StringBuilder body = new StringBuilder();
        if (config.loss().perceptual().usesRandomVgg()) {
            body.append("<p class=\"warning\">The perceptual loss of this run used a seeded random VGG19 "
                    + "(loss.perceptual.random-vgg, no vgg-weights): f2 and every perceptual figure below are "
                    + "arbitrary; fine for a test or demo, meaningless for a real model.</p>");
        }
        Optional<WarmStart> warmStart = WarmStart.read(store);
        if (warmStart.isPresent()) {
            body.append(String.format(Locale.ROOT, "<p>Every slot started from stage 0, the L1 warm start trained "
                    + "here: %d steps, L1 %.4f at the end, %.0f s.</p>", warmStart.get().steps(),
                    warmStart.get().finalL1(), warmStart.get().seconds()));
        }
        body.append("<section id=\"objectives\"><h2>Objective space</h2><div class=\"charts\">")
                .append(objectiveSpace(generations)).append(hypervolume(generations)).append("</div></section>");
        String losses = lossCurves(metrics);
        if (!losses.isEmpty()) {
            body.append("<section id=\"losses\"><h2>Adam-phase losses</h2><p>Mean per epoch, by slot.</p>")
                    .append("<div class=\"charts\">").append(losses).append("</div></section>");
        }
        body.append("<section id=\"slots\"><h2>Generation ").append(newest.generation()).append("</h2>")
                .append(slotTable(newest, metrics)).append("</section>");
        if (!fused.isEmpty()) {
            body.append("<section id=\"fused\"><h2>Fused models</h2>").append(fusedTable(fused)).append("</section>");
        }
        String evaluation = evaluation();
        if (!evaluation.isEmpty()) {
            body.append("<section id=\"evaluation\">").append(evaluation).append("</section>");
        }
        if (!config.data().valHr().isBlank()) {
            body.append("<section id=\"crops\"><h2>Validation crops</h2>").append(crops(newest, fused))
                    .append("</section>");
        }
        return new Page("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>EA-Adam report: "
                + Html.escape(store.runDir()) + "</title><style>" + STYLE + "</style>", top, body.toString());
    }

    /** The time, to the second, in UTC: when the report was written. */
    static String now() {
        return Instant.now().toString().substring(0, 19).replace('T', ' ') + " UTC";
    }

    private String objectiveSpace(List<Manifest> generations) {
        SvgChart chart = new SvgChart("Slots (points) and Pareto front (line) per generation", "f1 (L1, distortion)",
                "f2 (perceptual)");
        int last = generations.size() - 1;
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < SHOWN_GENERATIONS && i < last; i++) {
            int g = (int) Math.round((double) i * last / Math.min(SHOWN_GENERATIONS, last));
            if (!shown.contains(g)) {
                shown.add(g);
            }
        }
        shown.add(last);
        for (int g : shown) {
            Manifest manifest = generations.get(g);
            String color = SvgChart.ramp(last == 0 ? 1 : (double) g / last);
            List<Manifest.Slot> slots = manifest.slots();
            List<Manifest.Slot> front = slots.stream().filter(s -> manifest.paretoFront().contains(s.slot()))
                    .sorted(Comparator.comparingDouble(s -> s.objectives()[0])).toList();
            chart.add(null, color, SvgChart.Style.LINE, f(front, 0), f(front, 1), null);
            chart.add("generation " + g, color, SvgChart.Style.POINTS, f(slots, 0), f(slots, 1),
                    g == last ? slots.stream().map(s -> "slot " + s.slot()).toArray(String[]::new) : null);
        }
        return chart.render();
    }

    private static double[] f(List<Manifest.Slot> slots, int objective) {
        return slots.stream().mapToDouble(s -> s.objectives()[objective]).toArray();
    }

    private String hypervolume(List<Manifest> generations) {
        double[] gs = generations.stream().mapToDouble(Manifest::generation).toArray();
        double[] hv = generations.stream().mapToDouble(Manifest::hypervolume).toArray();
        return new SvgChart("Hypervolume (reference: twice the warm start's objectives)", "generation", "hypervolume")
                .countingX().add("hypervolume", SvgChart.palette(0), SvgChart.Style.LINE_AND_POINTS, gs, hv, null).render();
    }

    /** One chart per loss, one line per slot, over the epochs of every Adam phase. */
    private String lossCurves(List<GenerationMetrics> metrics) {
        StringBuilder html = new StringBuilder();
        for (LossCurve loss : LOSS_CURVES) {
            Map<Integer, List<double[]>> bySlot = new TreeMap<>();
            for (GenerationMetrics record : metrics) {
                if (record.losses() == null) {
                    continue;
                }
                for (Map.Entry<Integer, List<Losses>> slot : record.losses().entrySet()) {
                    List<Losses> epochs = slot.getValue();
                    for (int e = 0; e < epochs.size(); e++) {
                        bySlot.computeIfAbsent(slot.getKey(), k -> new ArrayList<>()).add(
                                new double[] {record.firstEpoch() + e, loss.value().applyAsDouble(epochs.get(e))});
                    }
                }
            }
            SvgChart chart = new SvgChart(loss.name() + " loss", "epoch", loss.name()).countingX();
            for (Map.Entry<Integer, List<double[]>> slot : bySlot.entrySet()) {
                chart.add("slot " + slot.getKey(), SvgChart.palette(slot.getKey()), SvgChart.Style.LINE_AND_POINTS,
                        slot.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                        slot.getValue().stream().mapToDouble(p -> p[1]).toArray(), null);
            }
            if (!chart.isEmpty()) {
                html.append(chart.render());
            }
        }
        return html.toString();
    }

    private String slotTable(Manifest newest, List<GenerationMetrics> metrics) {
        Map<Integer, Placement> placement = Map.of();
        List<Placement> eaWorkers = List.of();
        for (GenerationMetrics record : metrics) {
            if (record.placement() != null) {
                placement = record.placement();
            }
            if (record.eaWorkers() != null) {
                eaWorkers = record.eaWorkers();
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (Manifest.Slot slot : newest.slots()) {
            Placement where = placement.get(slot.slot());
            rows.add(List.of(slot.sameAs() == null ? Integer.toString(slot.slot())
                            : slot.slot() + " (the same weights as slot " + slot.sameAs() + ")",
                    String.format(Locale.ROOT, "(%.2f, %.2f)", slot.preference()[0], slot.preference()[1]),
                    Html.number(slot.objectives()[0]), Html.number(slot.objectives()[1]),
                    Integer.toString(slot.paretoRank()),
                    where == null ? "&ndash;" : Html.escape(describe(where))));
        }
        List<String> workers = new ArrayList<>();
        for (int rank = 0; rank < eaWorkers.size(); rank++) {
            workers.add(rank + ": " + describe(eaWorkers.get(rank)));
        }
        return String.format(Locale.ROOT, "<p>Pareto front: slots %s &middot; hypervolume %s</p>",
                newest.paretoFront(), Html.number(newest.hypervolume()))
                + (workers.isEmpty() ? "" : "<p>Last EA stage's workers: " + Html.escape(String.join("; ", workers))
                        + "</p>")
                + Html.table(List.of("slot", "preference (distortion, perception)", "f1", "f2", "Pareto rank",
                        "last Adam phase ran on"), rows);
    }

    private static String describe(Placement where) {
        return "executor " + where.executor() + (where.gpuAddress() != null ? ", GPU " + where.gpuAddress() : "")
                + ", " + where.device();
    }

    private String fusedTable(Map<String, ModelCard> fused) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, ModelCard> entry : fused.entrySet()) {
            ModelCard card = entry.getValue();
            StringBuilder metrics = new StringBuilder();
            if (card.metrics() != null) {
                card.metrics().forEach((benchmark, values) -> {
                    metrics.append(Html.escape(benchmark)).append(":");
                    values.forEach((name, value) -> metrics.append(' ').append(Html.escape(name)).append(' ')
                            .append(Html.number(value)));
                    metrics.append("<br>");
                });
            }
            rows.add(List.of(Html.escape(entry.getKey()), Html.escape(card.architecture().arch() + " x"
                    + card.architecture().scale()), card.source() == null ? "&ndash;"
                            : Html.escape("generation " + card.source().generation() + ", slots "
                                    + card.source().experts()), metrics.length() == 0 ? "&ndash;" : metrics.toString()));
        }
        return Html.table(List.of("model", "architecture", "merged from", "metrics"), rows);
    }

    /**
     * {@code evaluation/<benchmark>/evaluation.json}, as {@code evaluate --run} writes them: each model's
     * mean PSNR-Y, SSIM-Y and LPIPS per benchmark; empty if there are none.
     */
    private String evaluation() throws IOException {
        Path folder = Storage.path(store.uri("evaluation"));
        FileSystem fs = Storage.fs(folder);
        if (!fs.isDirectory(folder)) {
            return "";
        }
        FileStatus[] benchmarks = fs.listStatus(folder);
        java.util.Arrays.sort(benchmarks, Comparator.comparing(s -> s.getPath().getName()));
        StringBuilder html = new StringBuilder();
        for (FileStatus benchmark : benchmarks) {
            Path file = new Path(benchmark.getPath(), EvaluationReport.JSON);
            if (benchmark.isDirectory() && fs.exists(file)) {
                EvaluationReport evaluation = EvaluationReport.read(file.toString());
                html.append(evaluationTable(evaluation)).append(interpolationChart(evaluation));
            }
        }
        return html.toString();
    }

    /**
     * Whether fusion beats the baseline: the experts ({@code slot-K}), the fused models ({@code fused/NAME}) and the
     * network-interpolation line between the distortion and perception experts ({@code evaluate --interpolation}),
     * in the (PSNR-Y, LPIPS) plane where LPIPS was measured, else in the EA's (f1, f2) plane on the run's EA set;
     * "" without a line.
     */
    static String interpolationChart(EvaluationReport evaluation) {
        List<EvaluationReport.ModelScores> line = evaluation.models().stream()
                .filter(m -> m.interpolationAlpha() != null)
                .sorted(Comparator.comparingDouble(EvaluationReport.ModelScores::interpolationAlpha)).toList();
        List<EvaluationReport.ModelScores> drawn = evaluation.models().stream()
                .filter(m -> m.interpolationAlpha() != null || m.name().startsWith("slot-") || m.name().startsWith("fused/"))
                .toList();
        boolean lpips = drawn.stream().allMatch(m -> m.lpips() != null);
        if (line.isEmpty() || !lpips && !drawn.stream().allMatch(m -> m.objectives() != null)) {
            return "";
        }
        ToDoubleFunction<EvaluationReport.ModelScores> x = lpips ? EvaluationReport.ModelScores::psnrY
                : m -> m.objectives()[0];
        ToDoubleFunction<EvaluationReport.ModelScores> y = lpips ? EvaluationReport.ModelScores::lpips
                : m -> m.objectives()[1];
        SvgChart chart = lpips
                ? new SvgChart("Fusion against network interpolation on " + evaluation.benchmark(), "PSNR-Y (dB)",
                        "LPIPS (lower is better)")
                : new SvgChart("Fusion against network interpolation on the EA set (no LPIPS measured)", "f1 (L1)",
                        "f2 (perceptual)");
        // The line's ends are experts, labelled as such.
        add(chart, "network interpolation", SvgChart.palette(1), SvgChart.Style.LINE_AND_POINTS, line, x, y,
                m -> m.name().startsWith("slot-") ? null : m.name());
        add(chart, "experts", SvgChart.palette(0), SvgChart.Style.POINTS, named(drawn, "slot-"), x, y,
                EvaluationReport.ModelScores::name);
        add(chart, "fused", SvgChart.palette(3), SvgChart.Style.POINTS, named(drawn, "fused/"), x, y,
                EvaluationReport.ModelScores::name);
        return "<div class=\"charts\">" + chart.render() + "</div>";
    }

    private static List<EvaluationReport.ModelScores> named(List<EvaluationReport.ModelScores> models, String prefix) {
        return models.stream().filter(m -> m.name().startsWith(prefix)).toList();
    }

    /** The models as one series at (x, y), each with its label (null: none); none, no legend entry. */
    private static void add(SvgChart chart, String legend, String color, SvgChart.Style style,
            List<EvaluationReport.ModelScores> models, ToDoubleFunction<EvaluationReport.ModelScores> x,
            ToDoubleFunction<EvaluationReport.ModelScores> y, Function<EvaluationReport.ModelScores, String> label) {
        if (!models.isEmpty()) {
            chart.add(legend, color, style, models.stream().mapToDouble(x).toArray(), models.stream().mapToDouble(y)
                    .toArray(), models.stream().map(label).toArray(String[]::new));
        }
    }

    private static String evaluationTable(EvaluationReport evaluation) {
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationReport.ModelScores model : evaluation.models()) {
            rows.add(List.of(Html.escape(model.name()), Html.number(model.psnrY()), Html.number(model.ssimY()),
                    Html.number(model.lpips()), Integer.toString(model.images() == null ? 0 : model.images().size())));
        }
        return "<h2>Evaluation on " + Html.escape(evaluation.benchmark()) + "</h2>"
                + Html.table(List.of("model", "PSNR-Y (dB)", "SSIM-Y", "LPIPS", "images"), rows);
    }

    /** {@code fused/gen-NNNN/model.json} by folder name, oldest first. */
    private Map<String, ModelCard> fusedModels() throws IOException {
        Map<String, ModelCard> cards = new LinkedHashMap<>();
        for (Map.Entry<String, String> card : store.fusedModelCards().entrySet()) {
            cards.put(card.getKey(), ModelCard.read(card.getValue()));
        }
        return cards;
    }

    /**
     * The most detailed LR window of the first validation images ({@link Texture}): HR, bicubic, each distinct
     * expert of the newest generation and every fused model, each upscaling the same LR crop.
     */
    private String crops(Manifest newest, Map<String, ModelCard> fused) throws IOException {
        int scale = config.model().scale();
        // loadAll skips unusable images (with their reasons) and refuses a folder of none.
        ImagePair pair = null;
        Texture.Window window = null;
        for (ImagePair candidate : new PairLoader(scale, config.data().imageLimits()).loadAll(config.data().valHr(),
                config.data().valLr(), config.data().patchSize(), CROP_CANDIDATES).pairs()) {
            Texture.Window busiest = Texture.busiest(candidate.lr(), CROP);
            if (window == null || busiest.detail() > window.detail()) {
                pair = candidate;
                window = busiest;
            }
        }
        int x = window.x();
        int y = window.y();
        int w = window.width();
        int h = window.height();
        Image lr = pair.lr().crop(x, y, w, h);
        Map<String, Image> crops = new LinkedHashMap<>();
        crops.put("HR (ground truth)", pair.hr().crop(x * scale, y * scale, w * scale, h * scale));
        crops.put("bicubic", MatlabResize.resize(lr, scale));
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(config.device().type()), TorchRuntime.ENGINE)) {
            try (Generator generator = Generator.create(config.model(), manager)) {
                Upscaler upscaler = new Upscaler(generator);
                for (Manifest.Slot slot : newest.slots()) {
                    if (slot.sameAs() != null) {
                        continue; // its crop is that slot's
                    }
                    generator.weights().loadStateDict(store.readGenome(slot.generator(),
                            generator.weights().stateDictLayout()));
                    crops.put(String.format(Locale.ROOT, "slot %d (%.2f, %.2f)", slot.slot(), slot.preference()[0],
                            slot.preference()[1]), upscaler.upscale(lr));
                }
            }
            for (Map.Entry<String, ModelCard> card : fused.entrySet()) {
                String name = card.getKey();
                try (Generator generator = Models.generator(card.getValue().model(
                        store.uri(name + "/" + ModelCard.FILE_NAME)), manager, 0)) {
                    crops.put(name, new Upscaler(generator).upscale(lr));
                }
            }
        }
        StringBuilder html = new StringBuilder(String.format(Locale.ROOT,
                "<p>%s, the most detailed %dx%d LR pixels (at %d, %d), x%d.</p><div class=\"crops\">",
                Html.escape(pair.name()), w, h, x, y, scale));
        for (Map.Entry<String, Image> crop : crops.entrySet()) {
            html.append("<figure><img alt=\"").append(Html.escape(crop.getKey())).append("\" src=\"")
                    .append(Html.png(crop.getValue())).append("\"><figcaption>").append(Html.escape(crop.getKey()))
                    .append("</figcaption></figure>");
        }
        return html.append("</div>").toString();
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1300px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; }
            .meta { color: #555; }
            .warning { border-left: 4px solid #c60; padding: 0.3em 0.8em; background: #fff4e5; }
            .running { border-left: 4px solid #36c; padding: 0.1em 0.8em 0.6em; background: #eef3fc; }
            .running progress { width: 320px; vertical-align: middle; }
            .charts { display: flex; flex-wrap: wrap; gap: 12px; }
            svg.chart { background: #fff; border: 1px solid #ddd; }
            svg .plot { fill: #fafafa; stroke: #999; } svg .grid { stroke: #e4e4e4; }
            svg text { font-size: 11px; fill: #333; } svg .chart-title { font-size: 13px; font-weight: bold; }
            svg .axis { font-size: 12px; } svg .label { font-size: 10px; fill: #000; }
            table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
            th { background: #f0f0f0; }
            .crops { display: flex; flex-wrap: wrap; gap: 10px; }
            .crops figure { margin: 0; } .crops img { width: 192px; height: 192px; image-rendering: pixelated; }
            figcaption { font-size: 12px; text-align: center; }
            """;
}
