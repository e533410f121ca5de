package io.eaadam.jobs.spark;

import ai.djl.Device;

import io.eaadam.worker.runtime.Devices;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device of the running Spark task: the GPU that Spark's resource scheduling assigned to it
 * ({@code spark.task.resource.gpu.amount}), else the configured device (CPU by default).
 */
public final class TaskDevices {

    private TaskDevices() {}

    public static Device current(String configured) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            ResourceInformation gpus = task.resourcesJMap().get("gpu");
            if (gpus != null && gpus.addresses().length > 0) {
                return Devices.resolve(gpus.addresses()[0]);
            }
        }
        return Devices.choose(configured);
    }
}
