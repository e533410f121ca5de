package io.eaadam.common.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where a command or task computes: {@code auto} (the GPU Spark assigned, or GPU 0, when libtorch sees
 * one; else the CPU), {@code cpu}, or {@code gpu:N} ({@code gpu} is GPU 0; {@code cuda:N} is accepted).
 *
 * @param gpu the GPU index for {@link Kind#GPU}; 0 otherwise
 */
public record DeviceChoice(Kind kind, int gpu) implements Serializable {

    public enum Kind {
        AUTO,
        CPU,
        GPU
    }

    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, 0);
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, 0);

    public DeviceChoice {
        if (gpu < 0 || (kind != Kind.GPU && gpu != 0)) {
            throw new IllegalArgumentException("GPU index " + gpu + " for device " + kind);
        }
    }

    /** @throws IllegalArgumentException naming the text and the allowed forms */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                return new DeviceChoice(Kind.GPU, 0);
            default:
                break;
        }
        String digits = t.startsWith("gpu:") ? t.substring(4) : t.startsWith("cuda:") ? t.substring(5) : null;
        if (digits != null && digits.matches("\\d{1,9}")) {
            return new DeviceChoice(Kind.GPU, Integer.parseInt(digits));
        }
        throw new IllegalArgumentException("'" + text + "': expected auto, cpu, gpu or gpu:N");
    }

    @Override
    public String toString() {
        return kind == Kind.GPU ? "gpu:" + gpu : kind.name().toLowerCase(Locale.ROOT);
    }
}
