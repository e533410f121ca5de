package io.eaadam.jobs.monitor;

import ai.djl.Device;

import io.eaadam.worker.runtime.DeviceMemory;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * eaadam in Spark's metrics system and the way tasks' progress reaches the driver ({@code spark.plugins}, set
 * by {@link io.eaadam.jobs.spark.SparkSetup}). On the driver it registers {@link RunMetrics}' gauges and
 * receives the executors' reports; on each executor it registers the executor's own gauges (step rate, device,
 * memory in use) and sends the driver its running tasks' {@link TaskProgress} every
 * {@code spark.eaadam.progress.interval} (1s). Every sink configured for Spark shows the gauges, under the
 * source {@code plugin.io.eaadam.jobs.monitor.EaAdamPlugin}.
 */
public final class EaAdamPlugin implements SparkPlugin {

    /** How often executors report their tasks' progress. */
    public static final String INTERVAL = "spark.eaadam.progress.interval";

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverSide();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorSide();
    }

    private static final class DriverSide implements DriverPlugin {

        @Override
        public Map<String, String> init(SparkContext spark, PluginContext context) {
            RunMetrics.startApplication();
            return Map.of();
        }

        @Override
        public void registerMetrics(String appId, PluginContext context) {
            RunMetrics.register(context.metricRegistry());
        }

        @Override
        public Object receive(Object message) {
            if (message instanceof ExecutorReport report) {
                RunMetrics.current().executorReport(report);
            }
            return null;
        }
    }

    private static final class ExecutorSide implements ExecutorPlugin {

        private static final Logger logger = LoggerFactory.getLogger(ExecutorSide.class);

        private ScheduledExecutorService timer;
        private volatile ExecutorReport last;

        @Override
        public void init(PluginContext context, Map<String, String> extraConf) {
            last = report(context, List.of());
            MetricRegistry metrics = context.metricRegistry();
            metrics.register("executor_steps_per_second", (Gauge<Double>) () -> last.stepsPerSecond());
            metrics.register("executor_images_per_second", (Gauge<Double>) () -> last.imagesPerSecond());
            metrics.register("executor_running_tasks", (Gauge<Integer>) () -> last.tasks().size());
            metrics.register("executor_device_gpu_index", (Gauge<Integer>) () -> last.gpu());
            metrics.register("executor_device_memory_used_bytes", (Gauge<Long>) () -> last.deviceMemoryUsed());
            long interval = context.conf().getTimeAsMs(INTERVAL, "1s");
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "eaadam-progress");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(() -> send(context), interval, interval, TimeUnit.MILLISECONDS);
        }

        private void send(PluginContext context) {
            try {
                last = report(context, TaskProgress.running());
                if (!last.tasks().isEmpty()) {
                    context.send(last);
                }
            } catch (Exception e) { // a lost report is replaced by the next one
                logger.debug("progress report not sent", e);
            }
        }

        /** The report of {@code tasks}; the device is that of the newest task, else the last one's. */
        private ExecutorReport report(PluginContext context, List<TaskProgress.Snapshot> tasks) {
            int gpu = tasks.isEmpty() ? (last == null ? -1 : last.gpu()) : tasks.get(tasks.size() - 1).gpu();
            return new ExecutorReport(context.executorID(), tasks, gpu,
                    DeviceMemory.usedBytes(gpu < 0 ? Device.cpu() : Device.gpu(gpu)));
        }

        @Override
        public void shutdown() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
