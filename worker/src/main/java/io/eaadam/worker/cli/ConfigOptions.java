package io.eaadam.worker.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a command takes: conf/reference.conf &lt; {@code --conf} &lt; {@code -D} overrides &lt; the options
 * that stand for keys ({@code --device}, {@code --threads}).
 */
public final class ConfigOptions {

    @Option(names = "--conf", paramLabel = "FILE|PRESET",
            description = "A HOCON file, or a preset of conf/: demo, srresnet-x4, rrdb-x4, swinir-x4, swinir-light-x4.")
    String conf;

    @Mixin
    Overrides overrides;

    @Mixin
    DeviceOptions device;

    /** The {@code --conf} file or preset; null when not given. */
    public String conf() {
        return conf;
    }

    /** The overrides, {@code key=value}: the {@code -D} ones in the order given, then the options'. */
    public List<String> overrides() {
        List<String> all = new ArrayList<>(overrides.list());
        all.addAll(device.overrides());
        return all;
    }
}
