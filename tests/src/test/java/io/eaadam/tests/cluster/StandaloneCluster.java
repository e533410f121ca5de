package io.eaadam.tests.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a Master and Workers, each in its own JVM started
 * from Spark's jars, each Worker offering GPU addresses through deploy/gpu-discovery.sh (fake ones,
 * from {@code EAADAM_GPU_ADDRESSES}); applications are submitted through Spark's own submit entry point
 * ({@code org.apache.spark.deploy.SparkSubmit}) in a child JVM, as deploy/spark-submit.sh does, with
 * eaadam's jars shipped by {@code --jars}; a History Server replays their event logs.
 *
 * <p>Spark's Worker starts executors from a Spark installation ({@code SPARK_HOME/jars}); this builds
 * one under {@code dir} from the test's classpath: every jar except eaadam's modules and DJL, which
 * travel with the application.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String WORKER_GPU_SETTINGS = """
            spark.worker.resource.gpu.amount=%d
            spark.worker.resource.gpu.discoveryScript=%s
            """;

    private final Path dir;
    private final Path sparkHome;
    private final List<Path> applicationJars;
    private final Path mainJar;
    private final int masterPort;
    private final String masterUrl;
    private final List<Process> daemons = new ArrayList<>();
    private final Map<String, String> environment;

    /** A submission's outcome: the exit status and the child JVM's output. */
    public record Submission(int status, String output) {}

    /** A submission under way (its spark-submit JVM running), whose application a test watches meanwhile. */
    public final class Running {

        private final String name;
        private final Process process;

        private Running(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for spark-submit to end. */
        public Submission await() throws IOException, InterruptedException {
            int status = process.waitFor();
            return new Submission(status, Files.readString(log(name)));
        }
    }

    private StandaloneCluster(Path dir, Path sparkHome, List<Path> applicationJars, Path mainJar, int masterPort) {
        this.dir = dir;
        this.sparkHome = sparkHome;
        this.applicationJars = applicationJars;
        this.mainJar = mainJar;
        this.masterPort = masterPort;
        this.masterUrl = "spark://127.0.0.1:" + masterPort;
        Path djlCache = Path.of(System.getProperty("DJL_CACHE_DIR", dir.resolve("djl-cache").toString()));
        this.environment = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                "JAVA_HOME", System.getProperty("java.home"), "SPARK_LOCAL_IP", "127.0.0.1",
                "DJL_CACHE_DIR", djlCache.toString(), "ENGINE_CACHE_DIR", djlCache.toString());
    }

    /**
     * Starts a Master and one Worker per entry of {@code workerGpus} (the comma-separated fake GPU
     * addresses it offers), each with {@code coresPerWorker} cores and {@code memoryPerWorker} (e.g. "3g").
     */
    public static StandaloneCluster start(Path dir, List<String> workerGpus, int coresPerWorker,
            String memoryPerWorker) throws IOException, InterruptedException {
        StandaloneCluster cluster = withoutDaemons(dir);
        cluster.daemon("master", "org.apache.spark.deploy.master.Master", Map.of(), "--host", "127.0.0.1", "--port",
                Integer.toString(cluster.masterPort), "--webui-port",
                Integer.toString(freePort()));
        cluster.waitForLog("master", "I have been elected leader", Duration.ofSeconds(60));
        Path discovery = repositoryRoot().resolve("deploy/gpu-discovery.sh");
        for (int w = 0; w < workerGpus.size(); w++) {
            int count = workerGpus.get(w).split(",").length;
            Path properties = dir.resolve("worker-" + w + ".properties");
            Files.writeString(properties, String.format(WORKER_GPU_SETTINGS, count, discovery));
            cluster.daemon("worker-" + w, "org.apache.spark.deploy.worker.Worker",
                    Map.of("EAADAM_GPU_ADDRESSES", workerGpus.get(w)), "--host", "127.0.0.1", "--cores",
                    Integer.toString(coresPerWorker), "--memory", memoryPerWorker, "--webui-port",
                    Integer.toString(freePort()), "--work-dir", dir.resolve("worker-" + w + "-work").toString(),
                    "--properties-file", properties.toString(), cluster.masterUrl);
        }
        for (int w = 0; w < workerGpus.size(); w++) {
            cluster.waitForLog("worker-" + w, "Successfully registered with master", Duration.ofSeconds(60));
        }
        return cluster;
    }

    /**
     * A Spark installation made of the test classpath's jars, with no daemon running yet: for a History
     * Server alone ({@link #historyServer}).
     */
    public static StandaloneCluster withoutDaemons(Path dir) throws IOException {
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        Path appJars = Files.createDirectories(dir.resolve("app-jars"));
        List<Path> applicationJars = new ArrayList<>();
        Path mainJar = null;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.toString();
            boolean ours = name.contains("/io/eaadam/") || name.contains("/target/");
            if (ours && (name.contains("/tests/target/") || name.contains("test-classes") || name.endsWith("-tests.jar"))) {
                continue; // test code: not part of the application
            }
            if (ours || name.contains("/ai/djl/")) {
                Path jar = Files.isDirectory(path) ? jarOf(path, appJars) : path;
                if (name.contains("spark-jobs")) {
                    mainJar = jar;
                } else {
                    applicationJars.add(jar);
                }
            } else if (name.endsWith(".jar")) {
                Path link = sparkHome.resolve(path.getFileName());
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, path);
                }
            }
        }
        if (mainJar == null) {
            throw new IllegalStateException("eaadam-spark-jobs is not on the test classpath");
        }
        return new StandaloneCluster(dir, sparkHome.getParent(), applicationJars, mainJar, freePort());
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** The folder in which Worker {@code w} runs its executors ({@code <app-id>/<executor-id>/stderr}). */
    public Path workerDir(int w) {
        return dir.resolve("worker-" + w + "-work");
    }

    /**
     * Submits an eaadam command ({@code eaadamArgs}, e.g. {@code train --conf ...}) with the
     * spark-submit options {@code submitOptions} and waits for it.
     */
    public Submission submit(List<String> submitOptions, String... eaadamArgs) throws IOException, InterruptedException {
        return begin(submitOptions, eaadamArgs).await();
    }

    /** Submits as {@link #submit(List, String...)} does, without waiting for the application to end. */
    public Running begin(List<String> submitOptions, String... eaadamArgs) throws IOException {
        return begin(List.of("--master", masterUrl, "--deploy-mode", "client"), Map.of(), submitOptions, eaadamArgs);
    }

    /**
     * Submits an eaadam command to any master ({@code target}: {@code --master ... --deploy-mode ...}), with
     * {@code environment} added to spark-submit's (HADOOP_CONF_DIR for YARN).
     */
    public Submission submit(List<String> target, Map<String, String> environment, List<String> submitOptions,
            String... eaadamArgs) throws IOException, InterruptedException {
        return begin(target, environment, submitOptions, eaadamArgs).await();
    }

    private Running begin(List<String> target, Map<String, String> environment, List<String> submitOptions,
            String... eaadamArgs) throws IOException {
        List<String> command = new ArrayList<>(target);
        command.addAll(List.of("--class", "io.eaadam.jobs.Main", "--name", "eaadam " + eaadamArgs[0], "--jars", String.join(",", applicationJars.stream()
                        .map(Path::toString).toList()),
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", jvmFlags()),
                "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                "--conf", "spark.kryo.registrator=io.eaadam.jobs.spark.EaAdamKryoRegistrator"));
        command.addAll(submitOptions);
        command.add(mainJar.toString());
        command.addAll(List.of(eaadamArgs));
        String name = "submit-" + eaadamArgs[0];
        return new Running(name, launch(name, "org.apache.spark.deploy.SparkSubmit", environment, command));
    }

    /** Starts a History Server over {@code eventLogDir} and returns the base URL of its REST API. */
    public String historyServer(String eventLogDir) throws IOException, InterruptedException {
        int port = freePort();
        Path properties = dir.resolve("history.properties");
        Files.writeString(properties, "spark.history.fs.logDirectory=" + eventLogDir + "\n"
                + "spark.history.ui.port=" + port + "\nspark.history.fs.update.interval=1s\n");
        daemon("history", "org.apache.spark.deploy.history.HistoryServer", Map.of(), "--properties-file",
                properties.toString());
        waitForLog("history", "Bound HistoryServer", Duration.ofSeconds(60));
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    /**
     * GETs {@code url} (following redirects: the UI answers {@code /metrics/prometheus} with one) and returns the
     * body, retrying until it answers 200 or {@code timeout} passes; {@code Duration.ZERO}: one request.
     */
    public static String get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                if (response.statusCode() != 200) {
                    throw new IOException(url + ": HTTP " + response.statusCode() + ": " + response.body());
                }
                return response.body();
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).destroy();
        }
        for (Process daemon : daemons) {
            try {
                if (!daemon.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                daemon.destroyForcibly();
            }
        }
    }

    private void daemon(String name, String mainClass, Map<String, String> extraEnvironment, String... args)
            throws IOException {
        daemons.add(launch(name, mainClass, extraEnvironment, List.of(args)));
    }

    private Process launch(String name, String mainClass, Map<String, String> extraEnvironment, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + (name.startsWith("submit") ? "2g" : "384m")));
        command.addAll(jvmFlags());
        // As Spark's bin/spark-class does: the Hadoop configuration folder is on the classpath.
        String classpath = sparkHome.resolve("jars") + "/*" + (extraEnvironment.containsKey("HADOOP_CONF_DIR")
                ? java.io.File.pathSeparator + extraEnvironment.get("HADOOP_CONF_DIR") : "");
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(name).toFile()).directory(dir.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        return builder.start();
    }

    /** The Spark installation's jars (a folder of links to the test classpath's). */
    public Path sparkJars() {
        return sparkHome.resolve("jars");
    }

    /** The test JVM's module flags (Spark on Java 17) and DJL settings, passed on to every child JVM. */
    public static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty") || a.startsWith("-Dai.djl"))
                .toList();
    }

    private Path log(String name) {
        return dir.resolve(name + ".log");
    }

    private void waitForLog(String name, String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log(name)) ? Files.readString(log(name)) : "";
            if (text.contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within " + timeout + ":\n"
                + Files.readString(log(name)));
    }

    /** Packs a classes folder (a reactor module built without its jar) into a jar. */
    private static Path jarOf(Path classes, Path into) throws IOException {
        Path jar = into.resolve(classes.getParent().getParent().getFileName() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A TCP port free now, for a daemon or a UI. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The checkout's root: the parent of the tests module, where surefire runs. */
    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("deploy")) ? here : here.getParent();
    }
}
