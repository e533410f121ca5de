package io.eaadam.jobs.spark;

import ai.djl.Device;

import io.eaadam.common.config.DeviceChoice;
import io.eaadam.common.store.Placement;
import io.eaadam.worker.runtime.Devices;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device of the running Spark task: the GPU that Spark's resource scheduling assigned to it
 * ({@code spark.task.resource.gpu.amount}) as {@code device.type} allows (worker runtime Devices),
 * else the configured device.
 */
public final class TaskDevices {

    private TaskDevices() {}

    public static Device current(DeviceChoice configured) {
        String address = gpuAddress();
        return address == null ? Devices.choose(configured) : Devices.assigned(address, configured);
    }

    /** The placement of the running task, which uses {@code device}. */
    public static Placement placement(Device device) {
        SparkEnv env = SparkEnv.get();
        return new Placement(env == null ? "driver" : env.executorId(), gpuAddress(), Devices.name(device));
    }

    /**
     * The libtorch threads of the running task: {@code configured}, else (0) the cores Spark gives each task
     * ({@code spark.task.cpus}, 1 unless set), so that the tasks an executor runs at once share its cores
     * instead of each taking all of them; outside a task, 0 (libtorch's default).
     */
    public static int threads(int configured) {
        TaskContext task = TaskContext.get();
        return configured > 0 || task == null ? configured : task.cpus();
    }

    /** The running task attempt's id, unique within the application; 0 outside a task. */
    public static long attempt() {
        TaskContext task = TaskContext.get();
        return task == null ? 0 : task.taskAttemptId();
    }

    private static String gpuAddress() {
        TaskContext task = TaskContext.get();
        if (task != null) {
            ResourceInformation gpus = task.resourcesJMap().get("gpu");
            if (gpus != null && gpus.addresses().length > 0) {
                return gpus.addresses()[0];
            }
        }
        return null;
    }
}
