package io.eaadam.jobs.spark;

import com.esotericsoftware.kryo.Kryo;

import org.apache.spark.serializer.KryoRegistrator;

/** Registers what our Spark jobs ship, so that Kryo writes class ids instead of names. */
public final class EaAdamKryoRegistrator implements KryoRegistrator {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void registerClasses(Kryo kryo) {
        kryo.register(io.eaadam.common.genome.Genome.class, new GenomeSerializer());
        for (Class<?> type : new Class<?>[] {
            io.eaadam.common.mo.Objectives.class,
            io.eaadam.common.mo.Preference.class,
            io.eaadam.common.mo.VariationPlan.class,
            io.eaadam.common.mo.PopulationUpdate.class,
            io.eaadam.common.store.Manifest.FileRef.class,
            io.eaadam.common.store.StoredWeights.class,
            io.eaadam.worker.ea.AdamPhase.Spec.class,
            io.eaadam.common.store.Losses.class,
            io.eaadam.jobs.train.AdamPhaseTask.class,
            io.eaadam.jobs.train.AdamPhaseTask.Output.class,
            io.eaadam.jobs.train.EaStage.Start.class,
            io.eaadam.jobs.train.EaStage.Outcome.class,
            io.eaadam.jobs.train.WarmStartTask.Output.class,
            io.eaadam.common.store.Placement.class,
            io.eaadam.common.upscale.UpscaleItem.class,
            io.eaadam.common.upscale.UpscaleRecord.class,
            TaskResult.class,
        }) {
            kryo.register(type, new RecordSerializer(type));
        }
        // Small task descriptions and results of fuse and evaluate: Java serialisation handles their
        // nested records and immutable collections, and their size does not matter.
        for (Class<?> type : new Class<?>[] {
            io.eaadam.jobs.fuse.FusionTrainingTask.class,
            io.eaadam.jobs.fuse.FusionTrainingTask.Output.class,
            io.eaadam.jobs.fuse.MixingWeightsTask.class,
            io.eaadam.jobs.evaluate.ModelEvaluationTask.class,
            io.eaadam.jobs.evaluate.ModelEvaluationTask.Scores.class,
            io.eaadam.jobs.evaluate.ObjectivesTask.class,
        }) {
            kryo.register(type, new com.esotericsoftware.kryo.serializers.JavaSerializer());
        }
        for (Class<?> type : new Class<?>[] {io.eaadam.common.mo.VariationPlan[].class, float[].class, int[].class,
            long[].class, double[].class, String[].class, java.util.ArrayList.class}) {
            kryo.register(type);
        }
        for (Class<?> type : ImmutableListSerializer.TYPES) {
            kryo.register(type, new ImmutableListSerializer());
        }
    }
}
