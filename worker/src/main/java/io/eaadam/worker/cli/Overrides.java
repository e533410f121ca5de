package io.eaadam.worker.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -Dkey=value}: settings of conf/reference.conf ({@code eaadam.} may be left out; {@code spark.*} go to Spark). */
public final class Overrides {

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "A setting, e.g. -Ddata.batch-size=8 or -Dspark.master=local[4]; the last one wins.")
    Map<String, String> values = new LinkedHashMap<>();

    /** The overrides as {@code key=value}, in the order given. */
    public List<String> list() {
        List<String> list = new ArrayList<>();
        values.forEach((key, value) -> list.add(key + "=" + value));
        return list;
    }
}
