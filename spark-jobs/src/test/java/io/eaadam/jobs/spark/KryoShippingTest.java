package io.eaadam.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eaadam.common.genome.Genome;
import io.eaadam.common.genome.TensorLayout;
import io.eaadam.common.store.Placement;
import io.eaadam.common.mo.Objectives;
import io.eaadam.jobs.train.EaStage;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import scala.reflect.ClassTag$;

/**
 * What a cluster ships between JVMs goes through Kryo both ways (local mode skips it for broadcasts):
 * records holding the JDK's unmodifiable lists come back equal.
 */
class KryoShippingTest {

    private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", EaAdamKryoRegistrator.class.getName())).newInstance();

    @Test
    void anEaStagesStartAndOutcomeTravel() {
        TensorLayout layout = TensorLayout.builder().add("conv.weight", 2, 3).build();
        List<Genome> population = List.copyOf(List.of(Genome.zeros(layout),
                new Genome(layout, new float[] {1, 2, 3, 4, 5, 6})));
        EaStage.Start start = new EaStage.Start(population);
        assertEquals(start, roundTrip(start));
        EaStage.Outcome outcome = new EaStage.Outcome(1, List.of(new Objectives(0.25, 0.5), new Objectives(0.125, 1)),
                "digest", new Placement("2", "1", "gpu:1"));
        assertEquals(outcome, roundTrip(outcome));
    }

    @Test
    void unmodifiableListsOfEverySizeTravelWithTheirNulls() {
        List<Object> withNull = Stream.<Object>of("a", null, new Placement("1", "0", "cpu")).toList();
        for (List<?> list : List.of(List.of(), List.of(1), List.of(1, 2), List.of(1, 2, 3), withNull)) {
            assertEquals(list, roundTrip(list));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        var tag = ClassTag$.MODULE$.<T>apply(Object.class);
        return (T) kryo.deserialize(kryo.serialize(value, tag), tag);
    }
}
