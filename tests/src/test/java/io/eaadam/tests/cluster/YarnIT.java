package io.eaadam.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eaadam.common.fs.Storage;
import io.eaadam.common.image.ImageCodec;
import io.eaadam.common.image.SyntheticImages;
import io.eaadam.common.store.GenerationMetrics;
import io.eaadam.common.store.Placement;
import io.eaadam.common.store.RunStore;
import io.eaadam.tests.HdfsIT;
import io.eaadam.tests.TrainRunIT;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.util.resource.ResourceUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * eaadam on YARN: a {@link MiniYARNCluster} (a real ResourceManager and NodeManager on this machine) over a
 * {@link MiniDFSCluster}, jobs submitted through Spark's submit entry point with eaadam's jars as
 * {@code --jars} and Spark's from the node ({@code spark.yarn.jars=local:...}): {@code train} in client mode,
 * {@code fuse} in cluster mode (the driver in YARN's application master), each checked by the final state
 * the ResourceManager's REST API reports. The NodeManager offers two GPUs as YARN's {@code yarn.io/gpu}
 * resource; the executor asks for both and finds their (fake) addresses with {@code deploy/gpu-discovery.sh}.
 */
class YarnIT {

    @TempDir
    static java.nio.file.Path dir;
    private static MiniDFSCluster hdfs;
    private static MiniYARNCluster yarn;
    private static StandaloneCluster spark;
    private static java.nio.file.Path hadoopConf;
    private static String root;

    @BeforeAll
    static void startHdfsAndYarn() throws Exception {
        hdfs = HdfsIT.startHdfs(dir.resolve("dfs"));
        root = hdfs.getURI().toString();

        YarnConfiguration yarnConf = new YarnConfiguration(hdfs.getConfiguration(0));
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
        yarnConf.setInt(YarnConfiguration.NM_VCORES, 4);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        yarnConf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100f);
        // capacity-scheduler.xml, which a ResourceManager's distribution brings: one queue with everything.
        yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
        yarnConf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        yarnConf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        yarnConf.set("yarn.scheduler.capacity.resource-calculator",
                "org.apache.hadoop.yarn.util.resource.DominantResourceCalculator");
        // GPUs as YARN counts them: the resource type yarn.io/gpu, two on the NodeManager.
        yarnConf.set(YarnConfiguration.RESOURCE_TYPES, "yarn.io/gpu");
        yarnConf.set(YarnConfiguration.NM_RESOURCES_PREFIX + "yarn.io/gpu", "2");
        ResourceUtils.resetResourceTypes(yarnConf);
        ResourceUtils.resetNodeResources();
        yarn = new MiniYARNCluster("eaadam", 1, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        yarn.waitForNodeManagersToConnect(60_000);

        // What spark-submit and the containers read: the running clusters' addresses.
        hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        for (String file : List.of("core-site.xml", "yarn-site.xml", "hdfs-site.xml")) {
            try (OutputStream out = Files.newOutputStream(hadoopConf.resolve(file))) {
                yarn.getConfig().writeXml(out);
            }
        }
        spark = StandaloneCluster.withoutDaemons(dir.resolve("spark"));

        for (int i = 0; i < 6; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageCodec.encodePng(SyntheticImages.scene(96, 96, i), null, 8, png);
            Storage.writeAtomically(new Path(root + "/data/img" + i + ".png"), out -> out.write(png.toByteArray()));
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.close();
        }
        if (yarn != null) {
            yarn.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void trainInClientModeThenFuseInClusterMode() throws IOException, InterruptedException {
        String run = root + "/runs/r1";
        StandaloneCluster.Submission train = submit("client", "train", "--conf", TrainRunIT.tinyConfig(),
                "-Drun.dir=" + run, "-Ddata.train-hr=" + root + "/data", "-Ddata.val-hr=" + root + "/data",
                "-Ddevice.threads=1");
        assertEquals(0, train.status(), tail(train.output()));
        assertTrue(Storage.fs(new Path(run)).exists(new Path(run + "/gen-0003/manifest.json")));
        // YARN gave the executor its two GPUs; each Adam-phase task of a phase had its own.
        int phases = 0;
        for (GenerationMetrics line : GenerationMetrics.file(new RunStore(run)).records()) {
            if (line.placement() != null) {
                phases++;
                assertEquals(Set.of("0", "1"), line.placement().values().stream().map(Placement::gpuAddress)
                        .collect(Collectors.toSet()), line.toString());
            }
        }
        assertEquals(2, phases, "Adam phases in metrics.jsonl");

        StandaloneCluster.Submission fuse = submit("cluster", "fuse", "--run", run, "-Dfusion.epochs=1",
                "-Dfusion.checkpoint-epochs=1", "-Dfusion.head-features=4", "-Dfusion.head-params=6",
                "-Dfusion.head-hidden=3", "-Dfusion.set-images=2", "-Ddevice.threads=1");
        assertEquals(0, fuse.status(), tail(fuse.output()));
        assertTrue(Storage.fs(new Path(run)).exists(new Path(run + "/fused/gen-0003/model.json")));

        List<String> finalStates = new ArrayList<>();
        String api = "http://" + yarn.getConfig().get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "/ws/v1/cluster/apps";
        JsonObject apps = JsonParser.parseString(StandaloneCluster.get(api, Duration.ofSeconds(30))).getAsJsonObject();
        for (JsonElement app : apps.getAsJsonObject("apps").getAsJsonArray("app")) {
            JsonObject a = app.getAsJsonObject();
            finalStates.add(a.get("name").getAsString() + " " + a.get("finalStatus").getAsString());
        }
        // In cluster mode YARN names the application before the driver starts: spark-submit's --name.
        assertEquals(List.of("eaadam fuse SUCCEEDED", "eaadam train " + run + " SUCCEEDED"),
                finalStates.stream().sorted().toList(),
                apps.toString());
    }

    private static StandaloneCluster.Submission submit(String deployMode, String... eaadamArgs)
            throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        String flags = String.join(" ", StandaloneCluster.jvmFlags());
        List<String> options = List.of("--num-executors", "1", "--executor-cores", "2", "--executor-memory", "1g",
                "--driver-memory", "1g", "--conf", "spark.yarn.am.memory=512m",
                "--conf", "spark.yarn.jars=local:" + spark.sparkJars() + "/*",
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.driver.extraJavaOptions=" + flags, "--conf", "spark.yarn.am.extraJavaOptions=" + flags,
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.executor.resource.gpu.amount=2", "--conf", "spark.task.resource.gpu.amount=1",
                "--conf", "spark.executor.resource.gpu.discoveryScript="
                        + StandaloneCluster.repositoryRoot().resolve("deploy/gpu-discovery.sh"),
                "--conf", "spark.executorEnv.EAADAM_GPU_ADDRESSES=0,1");
        return spark.submit(List.of("--master", "yarn", "--deploy-mode", deployMode),
                Map.of("HADOOP_CONF_DIR", hadoopConf.toString()), options, eaadamArgs);
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
