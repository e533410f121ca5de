package io.eaadam.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheAuthorsSrResNetRecipe() {
        EaAdamConfig c = ConfigLoader.defaults();
        assertEquals(Arch.SRRESNET, c.model().arch());
        assertEquals(1e-5, c.optimizer().lr());
        assertEquals(List.of(250), c.optimizer().milestones());
        assertEquals(1e-5, c.optimizer().lrAt(249));
        assertEquals(0.5e-5, c.optimizer().lrAt(250));
        assertEquals(Map.of("conv5_4", 1.0), c.loss().perceptual().layers());
        assertEquals(GanType.VANILLA, c.loss().gan().type());
        assertEquals(0.005, c.loss().gan().weight());
        assertEquals(5, c.population().size());
        assertEquals(200, c.ea().iterations());
        assertEquals(0.9, c.ea().crossoverProbability());
        assertEquals(0.02, c.ea().mutationRate());
        assertEquals(250, c.schedule().epochs());
    }

    @Test
    void presetsLoad() {
        EaAdamConfig srresnet = ConfigLoader.load("srresnet-x4", List.of());
        assertEquals(ConfigLoader.defaults(), srresnet);
        EaAdamConfig rrdb = ConfigLoader.load("rrdb-x4", List.of());
        assertEquals(Arch.RRDB, rrdb.model().arch());
        assertEquals(23, rrdb.model().numBlock());
        assertEquals(1e-4, rrdb.optimizer().lr());
        assertEquals(GanType.RAGAN, rrdb.loss().gan().type());
        assertEquals(List.of("conv1_2", "conv2_2", "conv3_4", "conv4_4", "conv5_4"),
                List.copyOf(rrdb.loss().perceptual().layers().keySet()), "network order");
        assertTrue(rrdb.population().replaceSlot0());
        assertEquals(5e-5, rrdb.fusion().lr());
        assertEquals(3, rrdb.fusion().headKernel());
        EaAdamConfig demo = ConfigLoader.load("demo", List.of());
        assertEquals(16, demo.model().numFeat());
        EaAdamConfig swinir = ConfigLoader.load("swinir-x4", List.of());
        assertEquals(SwinSettings.classical(), swinir.model().swin());
        assertEquals(srresnet.ea(), swinir.ea(), "the srresnet recipe's EA");
        assertEquals(64, swinir.data().lrPatchSize(4));
        SwinSettings light = ConfigLoader.load("swinir-light-x4", List.of()).model().swin();
        assertEquals(new SwinSettings(60, List.of(6, 6, 6, 6), List.of(6, 6, 6, 6), 8, 2,
                SwinSettings.Upsampler.PIXELSHUFFLEDIRECT, SwinSettings.ResiConnection.ONE_CONV, 64, 1), light);
        assertNull(srresnet.model().swin(), "only swinir has Swin numbers");
    }

    @Test
    void swinNumbersAreChecked() {
        ConfigError heads = assertThrows(ConfigError.class, () -> ConfigLoader.load("swinir-light-x4",
                List.of("model.num-heads=[6, 6, 7, 6]")));
        assertEquals("eaadam.model.arch = swinir: num-heads 6,6,7,6: each must divide embed-dim 60", heads.getMessage());
        ConfigError upsampler = assertThrows(ConfigError.class, () -> ConfigLoader.load("swinir-x4",
                List.of("model.upsampler=nearest+conv", "model.scale=2")));
        assertTrue(upsampler.getMessage().endsWith("upsampler nearest+conv with scale 2: expected 4"),
                upsampler.getMessage());
        assertTrue(assertThrows(ConfigError.class, () -> ConfigLoader.load("swinir-x4",
                List.of("model.resi-connection=2conv"))).getMessage().contains("expected one of 1conv, 3conv"));
        assertTrue(assertThrows(ConfigError.class, () -> ConfigLoader.load("swinir-x4",
                List.of("model.window-size=100000"))).getMessage().endsWith("expected a window of 1 to 64, an MLP "
                        + "ratio up to 16 and positive numbers"));
    }

    @Test
    void overridesWinAndTakeUnrootedKeys() {
        EaAdamConfig c = ConfigLoader.load("demo", List.of("data.batch-size=3", "eaadam.run.seed=9",
                "data.train-hr=hdfs://cluster:8020/flickr2k/HR", "optimizer.milestones=[1, 2]"));
        assertEquals(3, c.data().batchSize());
        assertEquals(9, c.run().seed());
        assertEquals("hdfs://cluster:8020/flickr2k/HR", c.data().trainHr());
        assertEquals(List.of(1, 2), c.optimizer().milestones());
    }

    @Test
    void theLastOverrideWins() {
        assertEquals(5, ConfigLoader.load("demo", List.of("data.batch-size=3", "data.batch-size=5")).data().batchSize());
    }

    @Test
    void unknownKeysAreRefusedWithTheClosestKnownOne() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.conf"), "eaadam {\n  data {\n    bach-size = 4\n  }\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(file.toString(), List.of()));
        assertTrue(e.getMessage().contains("eaadam.data.bach-size"), e.getMessage());
        assertTrue(e.getMessage().contains("typo.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'eaadam.data.batch-size'"), e.getMessage());

        ConfigError override = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of("ea.iteration=3")));
        assertTrue(override.getMessage().contains("eaadam.ea.iteration") && override.getMessage().contains("eaadam.ea.iterations"),
                override.getMessage());

        ConfigError root = assertThrows(ConfigError.class, () -> ConfigLoader.load(
                Files.writeString(dir.resolve("root.conf"), "model { arch = rrdb }").toString(), List.of()));
        assertTrue(root.getMessage().contains("unknown top-level key 'model.arch'"), root.getMessage());
    }

    @Test
    void sparkSettingsAreNamesNotPaths() throws IOException {
        Path file = Files.writeString(dir.resolve("spark.conf"),
                "spark { ui.port = 4041, speculation = true, metrics.conf.\"*\".sink.csv.period = 5 }\n");
        Map<String, String> spark = ConfigLoader.sparkSettings(ConfigLoader.resolve(file.toString(), List.of(
                "spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet",
                "spark.speculation.quantile=0.9", "spark.ui.port=4050",
                "spark.driver.extraJavaOptions=-Dlog4j.debug=true -Xss4m")));
        assertEquals(Map.of("ui.port", "4050", "speculation", "true", "speculation.quantile", "0.9",
                "metrics.conf.*.sink.csv.period", "5",
                "metrics.conf.*.sink.prometheusServlet.class", "org.apache.spark.metrics.sink.PrometheusServlet",
                "driver.extraJavaOptions", "-Dlog4j.debug=true -Xss4m"), spark);
    }

    @Test
    void aValueSetThroughAnOptionNamesTheOption() {
        ConfigError e = assertThrows(ConfigError.class, () -> EaAdamConfig.from(ConfigLoader.resolve(null,
                List.of("upscale.tile=-5"), Map.of("upscale.tile", "--tile"))));
        assertTrue(e.getMessage().startsWith("eaadam.upscale.tile = -5 (--tile): expected"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "data.batch-size=-3            | eaadam.data.batch-size = -3 (-Ddata.batch-size): expected an integer >= 1",
        "model.arch=vgg                | eaadam.model.arch = \"vgg\"",
        "model.scale=5                 | eaadam.model.scale = 5 (-Dmodel.scale): expected 2, 3 or 4 for srresnet",
        "ea.crossover-probability=1.5  | expected a probability in [0, 1]",
        "optimizer.beta1=1             | expected a number in (0, 1)",
        "optimizer.milestones=[3, 2]   | expected a strictly ascending list of integers >= 0",
        "data.patch-size=30            | expected a multiple of model.scale = 4",
        "population.neighbourhood=3    | at most (population.size - 1) / 2 = 2",
        "loss.perceptual.layers.conv9_9=1 | conv9_9: unknown VGG19 layer",
        "loss.gan.type=wgan            | expected one of vanilla, ragan",
        "data.augment=maybe            | expected true or false",
        "discriminator.input-size=100  | expected a power of two >= 32",
        "device.type=tpu               | expected auto, cpu, gpu or gpu:N",
        "ea.mode=parallel              | eaadam.ea.mode = \"parallel\" (-Dea.mode): expected one of steady-state, batch",
        "fusion.head-kernel=4          | expected an odd kernel size",
    })
    void wrongValuesNameTheKeyTheValueAndWhatIsAllowed(String override, String expected) {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null, List.of(override)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aRenderedConfigReadsBackAsTheSameSettings() {
        var resolved = ConfigLoader.resolve("rrdb-x4", List.of("data.train-hr=hdfs://nn:8020/x y/HR"));
        String text = ConfigLoader.render(resolved);
        assertEquals(EaAdamConfig.from(resolved), EaAdamConfig.from(ConfigLoader.fromText(text, "stored")));
        assertEquals(text, ConfigLoader.render(ConfigLoader.fromText(text, "stored")), "rendering is stable");
    }

    @Test
    void trainingWithoutVggWeightsNeedsARandomVggAskedFor() {
        ConfigError refused = assertThrows(ConfigError.class,
                () -> ConfigLoader.load("srresnet-x4", List.of()).loss().perceptual().requireVgg());
        assertTrue(refused.getMessage().startsWith("eaadam.loss.perceptual.vgg-weights is empty, so the perceptual "
                + "loss would use a random VGG19; convert torchvision's (python3 tools/convert_pth.py"), refused.getMessage());
        ConfigLoader.load("srresnet-x4", List.of("loss.perceptual.random-vgg=true")).loss().perceptual().requireVgg();
        ConfigLoader.load("srresnet-x4", List.of("loss.perceptual.vgg-weights=vgg19.safetensors")).loss().perceptual()
                .requireVgg();
        ConfigLoader.load("srresnet-x4", List.of("loss.perceptual.weight=0")).loss().perceptual().requireVgg();
        ConfigLoader.load("demo", List.of()).loss().perceptual().requireVgg();
    }

    @Test
    void aRunStoredBeforeRandomVggExistedResumesWithTheRandomVggItTrainedWith() {
        String stored = ConfigLoader.render(ConfigLoader.resolve("srresnet-x4", List.of()))
                .replaceAll("(?m)^.*random-vgg.*$", "");
        assertTrue(EaAdamConfig.from(ConfigLoader.fromText(stored, "old run")).loss().perceptual().randomVgg());
        String withVgg = stored.replace("vgg-weights=\"\"", "vgg-weights=\"vgg19.safetensors\"");
        assertTrue(!EaAdamConfig.from(ConfigLoader.fromText(withVgg, "old run")).loss().perceptual().randomVgg());
    }

    @Test
    void missingConfigFileIsNamed() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load("no-such-preset", List.of()));
        assertTrue(e.getMessage().contains("'no-such-preset' not found"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "include url(\"http://127.0.0.1:9/x.conf\")  | includes 'http://127.0.0.1:9/x.conf'",
        "include file(\"/etc/hostname\")            | includes '/etc/hostname'",
        "eaadam.data.train-hr = ${HOME}\"/x\"       | holds a substitution",
        "spark { local.dir = /tmp/elsewhere }       | holds 'spark' settings",
        "eaadam.data.bach-size = 3                  | unknown key 'eaadam.data.bach-size'",
    })
    void aStoredConfigIsReadAsDataOnly(String line, String expected) {
        String stored = ConfigLoader.render(ConfigLoader.resolve("demo", List.of())) + "\n" + line + "\n";
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.resolveRun("runs/r", stored, null, List.of()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("runs/r/config.conf"), e.getMessage());
    }
}
