package io.eaadam.jobs.train;

import ai.djl.Device;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.data.Batch;
import io.eaadam.common.data.EaSetShares;
import io.eaadam.common.fs.BadInputException;
import io.eaadam.common.genome.Genome;
import io.eaadam.common.mo.Objectives;
import io.eaadam.common.mo.Preference;
import io.eaadam.common.mo.VariationPlan;
import io.eaadam.common.population.EaEpoch;
import io.eaadam.common.population.Population;
import io.eaadam.common.population.Slot;
import io.eaadam.common.store.Placement;
import io.eaadam.jobs.monitor.TaskProgress;
import io.eaadam.jobs.spark.AllGather;
import io.eaadam.jobs.spark.TaskDevices;
import io.eaadam.jobs.spark.TaskResult;
import io.eaadam.worker.ea.ObjectiveEvaluator;
import io.eaadam.worker.runtime.TorchRuntime;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The EA's measurements as one Spark barrier stage of N workers (method 2.5). Every worker holds a replica of
 * the population and a share of the EA set's images ({@link EaSetShares}). For each child, in the authors'
 * order, every worker builds the same child from the same plan and measures its own images; the workers
 * exchange the per-image losses ({@link AllGather}, through the driver), and each averages all images in image
 * order ({@link Objectives#meanOverImages}) and applies the same selection to its replica. The objectives,
 * and so every decision, are those of one worker holding every image, for any N.
 *
 * <p>A stage runs either an EA epoch ({@link #epoch}) or measures generators as they are ({@link #measure}:
 * generation 0, after an Adam phase). The driver gets every worker's objectives in order and a digest of its
 * replica, replays the selections on its own population and checks that it ends where the workers did.
 */
public final class EaStage implements Serializable {

    /** The generators at the stage's start (by slot, or those to measure), broadcast once. */
    public record Start(List<Genome> generators) implements Serializable {}

    /**
     * What a worker returns: the objectives of every child (or generator) in the order measured, the digest of
     * its population at the end of an epoch (empty for a measurement), and where it ran.
     */
    public record Outcome(int rank, List<Objectives> objectives, String populationDigest, Placement placement)
            implements Serializable {}

    private final EaAdamConfig config;
    private final AllGather.Address exchange;
    /** Unique per stage: with the attempt number, the workers' all-gather group. */
    private final String stageId = java.util.UUID.randomUUID().toString();
    private final Broadcast<Start> start;
    private final List<Preference> preferences;
    private final List<Objectives> startObjectives;
    private final int generation;
    /** The EA epoch to run, or -1 to measure the slots as they are. */
    private final int epoch;
    private final int workers;
    private final LongAccumulator childrenEvaluated;
    private final LongAccumulator slotsReplaced;

    private EaStage(EaAdamConfig config, AllGather.Address exchange, Broadcast<Start> start,
            List<Preference> preferences, List<Objectives> startObjectives, int generation, int epoch, int workers,
            LongAccumulator childrenEvaluated, LongAccumulator slotsReplaced) {
        this.config = config;
        this.exchange = exchange;
        this.start = start;
        this.preferences = preferences;
        this.startObjectives = startObjectives;
        this.generation = generation;
        this.epoch = epoch;
        this.workers = workers;
        this.childrenEvaluated = childrenEvaluated;
        this.slotsReplaced = slotsReplaced;
    }

    /** Runs EA epoch {@code epoch} of {@code generation} from {@code population}, its generators in {@code start}. */
    static List<Outcome> epoch(JavaSparkContext spark, EaAdamConfig config, AllGather.Address exchange,
            Broadcast<Start> start, Population population, int generation, int epoch, int workers)
            throws BadInputException {
        LongAccumulator children = spark.sc().longAccumulator("generation " + generation + " / EA epoch " + epoch
                + " / children evaluated");
        LongAccumulator replaced = spark.sc().longAccumulator("generation " + generation + " / EA epoch " + epoch
                + " / slots replaced");
        return run(spark, new EaStage(config, exchange, start, population.preferences(), population.objectives(),
                generation, epoch, workers, children, replaced));
    }

    /** Measures every generator of {@code start}; the objectives come back in its order. */
    static List<Outcome> measure(JavaSparkContext spark, EaAdamConfig config, AllGather.Address exchange,
            Broadcast<Start> start, int generation, int workers) throws BadInputException {
        return run(spark, new EaStage(config, exchange, start, List.of(), List.of(), generation, -1, workers, null,
                null));
    }

    /** The workers' outcomes by rank; a bad input (an EA image every worker reads) is raised here as one line. */
    @SuppressWarnings("unchecked")
    private static List<Outcome> run(JavaSparkContext spark, EaStage stage) throws BadInputException {
        spark.sc().setCallSite((stage.epoch < 0 ? "objectives" : "EA epoch " + stage.epoch) + " on workers 0-"
                + (stage.workers - 1));
        try {
            List<?> results = spark.parallelize(IntStream.range(0, stage.workers).boxed().toList(), stage.workers)
                    .rdd().barrier().mapPartitions(new Worker(stage), false, ClassTag$.MODULE$.apply(TaskResult.class))
                    .toJavaRDD().collect();
            return TaskResult.values((List<TaskResult<Outcome>>) results);
        } finally {
            spark.sc().clearCallSite();
        }
    }

    /**
     * A worker of the stage: its rank is its partition. (Spark 4.2's RDDBarrier.mapPartitionsWithEvaluator runs no
     * barrier stage, so this is a Scala function.)
     */
    private static final class Worker extends AbstractFunction1<scala.collection.Iterator<Integer>,
            scala.collection.Iterator<TaskResult<Outcome>>> implements Serializable {

        private final EaStage stage;

        Worker(EaStage stage) {
            this.stage = stage;
        }

        @Override
        public scala.collection.Iterator<TaskResult<Outcome>> apply(scala.collection.Iterator<Integer> ranks) {
            BarrierTaskContext context = BarrierTaskContext.get();
            try (AllGather.Member member = AllGather.Member.join(stage.exchange, stage.stageId + "/"
                    + context.stageAttemptNumber(), context.partitionId(), stage.workers)) {
                TaskResult<Outcome> result = TaskResult.of(() -> stage.work(context, member));
                return CollectionConverters.asScala(List.of(result).iterator());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Outcome work(BarrierTaskContext context, AllGather.Member member) throws IOException {
        int rank = context.partitionId();
        TorchRuntime.setThreads(config.device().threads());
        Device device = TaskDevices.current(config.device().type());
        List<Batch> eaSet = ExecutorCache.eaSet(config);
        List<List<Integer>> shares = EaSetShares.assign(eaSet.stream().mapToInt(Batch::size).toArray(), workers);
        List<Integer> mine = shares.get(rank);
        List<Objectives> measured = new ArrayList<>();
        Exchange exchange = new Exchange(member, rank, shares, eaSet.size());
        int myImages = mine.stream().mapToInt(batch -> eaSet.get(batch).size()).sum();
        if (epoch < 0) {
            List<Genome> models = start.value().generators();
            try (TaskProgress progress = TaskProgress.start("objectives worker " + rank, "models", models.size(),
                    device)) {
                measured.addAll(ExecutorCache.withEvaluator(config, device, mine, evaluator -> exchange.objectives(
                        models, evaluator, done -> progress.update(done, models.size(), myImages, null))));
            }
            return new Outcome(rank, measured, "", TaskDevices.placement(device));
        }
        Population population = startPopulation();
        EaEpoch ea = new EaEpoch(config, population, generation, epoch);
        try (TaskProgress progress = TaskProgress.start("EA worker " + rank, "children",
                (long) config.ea().iterations() * population.size(), device)) {
            ExecutorCache.withEvaluator(config, device, mine, evaluator -> {
                evolve(context, rank, ea, exchange, evaluator, measured, progress, myImages);
                return null;
            });
        }
        String digest = ea.population().digest();
        byte[][] digests = member.gather(digest.getBytes(StandardCharsets.UTF_8));
        for (int other = 0; other < digests.length; other++) {
            if (!new String(digests[other], StandardCharsets.UTF_8).equals(digest)) {
                throw new IllegalStateException("EA stage of generation " + generation + ", epoch " + epoch
                        + ": the population of worker " + other + " differs from worker " + rank + "'s at the end");
            }
        }
        return new Outcome(rank, measured, digest, TaskDevices.placement(device));
    }

    /** The epoch's rounds of variation and selection, measured on this worker's share of the EA set. */
    private void evolve(BarrierTaskContext context, int rank, EaEpoch ea, Exchange exchange,
            ObjectiveEvaluator evaluator, List<Objectives> measured, TaskProgress progress, int myImages) {
        int total = config.ea().iterations() * ea.population().size();
        while (!ea.done()) {
            List<Genome> parents = ea.population().generators();
            List<Genome> children = new ArrayList<>();
            for (VariationPlan plan : ea.nextChildren()) {
                children.add(ea.variation().child(plan, parents));
            }
            List<Objectives> objectives = exchange.objectives(children, evaluator, measuredChildren -> { });
            int replacementsBefore = ea.replacements();
            ea.select(objectives);
            measured.addAll(objectives);
            if (rank == 0) {
                childrenEvaluated.add(children.size());
                slotsReplaced.add(ea.replacements() - replacementsBefore);
            }
            failIfInjected(context, rank, ea.children(), total);
            progress.update(ea.children(), total, (long) children.size() * myImages,
                    Map.of("accepted", (double) ea.replacements()));
        }
    }

    private Population startPopulation() {
        List<Slot> slots = new ArrayList<>();
        List<Genome> generators = start.value().generators();
        for (int k = 0; k < generators.size(); k++) {
            slots.add(new Slot(k, preferences.get(k), generators.get(k), null, startObjectives.get(k)));
        }
        return new Population(slots);
    }

    /** Fails the stage's first attempt half-way through the epoch when config.faults names this rank and epoch. */
    private void failIfInjected(BarrierTaskContext context, int rank, int children, int total) {
        if (config.faults().eaRank() == rank && config.faults().eaEpoch() == epoch && context.stageAttemptNumber() == 0
                && children == total / 2) {
            throw new IllegalStateException("injected fault: EA stage worker " + rank + " in epoch " + epoch
                    + ", first attempt, after " + children + " children");
        }
    }

    /**
     * The per-image losses of a round of models, exchanged between the workers. A worker sends, for each model,
     * a fingerprint of its weights and the (f1, f2) of each of its images; every worker then has every image's
     * losses, and the fingerprints show a worker that built another model at once, naming the model.
     */
    private static final class Exchange {

        private final AllGather.Member member;
        private final int rank;
        private final List<List<Integer>> shares;
        private final int images;
        /** Models measured in earlier rounds: in an EA epoch, the children before this round's. */
        private int measured;

        Exchange(AllGather.Member member, int rank, List<List<Integer>> shares, int images) {
            this.member = member;
            this.rank = rank;
            this.shares = shares;
            this.images = images;
        }

        /** @param afterModel told how many of {@code models} this worker has measured, after each */
        List<Objectives> objectives(List<Genome> models, ObjectiveEvaluator evaluator, IntConsumer afterModel) {
            int own = shares.get(rank).size();
            ByteBuffer message = ByteBuffer.allocate(models.size() * (Long.BYTES + own * 2 * Float.BYTES));
            int done = 0;
            for (Genome model : models) {
                message.putLong(fingerprint(model));
                if (own > 0) {
                    float[][] losses = evaluator.perImage(model);
                    for (int i = 0; i < own; i++) {
                        message.putFloat(losses[0][i]).putFloat(losses[1][i]);
                    }
                }
                afterModel.accept(++done);
            }
            byte[][] gathered = gather(message.array());
            float[][] distortion = new float[models.size()][images];
            float[][] perception = new float[models.size()][images];
            long[] fingerprints = new long[models.size()];
            for (int worker = 0; worker < gathered.length; worker++) {
                ByteBuffer received = ByteBuffer.wrap(gathered[worker]);
                for (int m = 0; m < models.size(); m++) {
                    long fingerprint = received.getLong();
                    if (worker == 0) {
                        fingerprints[m] = fingerprint;
                    } else if (fingerprint != fingerprints[m]) {
                        throw new IllegalStateException("EA stage: workers 0 and " + worker + " built different "
                                + "weights for child " + (measured + m) + " of the stage (counting from 0)");
                    }
                    for (int image : shares.get(worker)) {
                        distortion[m][image] = received.getFloat();
                        perception[m][image] = received.getFloat();
                    }
                }
            }
            measured += models.size();
            List<Objectives> objectives = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                objectives.add(Objectives.meanOverImages(distortion[m], perception[m]));
            }
            return objectives;
        }

        private byte[][] gather(byte[] message) {
            try {
                return member.gather(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A cheap checksum of a model's weights: a strided sample, enough to tell two different children apart. */
        private static long fingerprint(Genome model) {
            float[] values = model.values();
            long hash = values.length;
            for (int i = 0; i < values.length; i += 97) {
                hash = hash * 31 + Float.floatToRawIntBits(values[i]);
            }
            return hash;
        }
    }

    /** Every worker's objectives are the same; a stage's result is that list. */
    static List<Objectives> objectives(List<Outcome> outcomes) {
        Iterator<Outcome> it = outcomes.iterator();
        List<Objectives> first = it.next().objectives();
        while (it.hasNext()) {
            Outcome other = it.next();
            if (!other.objectives().equals(first)) {
                throw new IllegalStateException("EA stage: worker " + other.rank() + " measured other objectives");
            }
        }
        return first;
    }
}
