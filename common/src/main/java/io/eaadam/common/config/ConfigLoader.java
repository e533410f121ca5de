package io.eaadam.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the settings: {@code reference.conf} (every key and its default) &lt; a preset or file given with
 * {@code --conf} &lt; {@code -Dkey=value} overrides. Keys that reference.conf does not list are refused
 * with the closest known key, so that a typo never silently falls back to a default.
 */
public final class ConfigLoader {

    /** How many workers run a run's EA stages: any number gives the same results, so a resume may change it. */
    public static final String EA_WORKERS = "ea.workers";

    /** Top-level trees besides {@code eaadam} that a file may carry (passed on to Spark untouched). */
    /** The tree of Spark's settings, passed to Spark as they are. */
    public static final String SPARK = "spark";
    private static final List<String> OTHER_ROOTS = List.of(SPARK);

    private ConfigLoader() {}

    /** The defaults alone. */
    public static EaAdamConfig defaults() {
        return EaAdamConfig.from(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()));
    }

    /**
     * Loads and validates.
     *
     * @param confFile a HOCON file, or the name of a preset in {@code conf/} ({@code demo}, {@code srresnet-x4},
     *     {@code rrdb-x4}); null for the defaults
     * @param overrides {@code key=value} strings; keys may omit the leading {@code eaadam.}
     */
    public static EaAdamConfig load(String confFile, List<String> overrides) {
        return EaAdamConfig.from(resolve(confFile, overrides));
    }

    /** The merged, resolved and checked config tree (what {@link #load} validates). */
    public static Config resolve(String confFile, List<String> overrides) {
        return resolve(confFile, overrides, Map.of());
    }

    /**
     * {@link #resolve(String, List)} where some overrides come from command-line options: a refused value
     * names the option the user typed ({@code --tile}), not the key it sets.
     *
     * @param optionOfKey the option that set each such override's key, keys as in the overrides
     */
    public static Config resolve(String confFile, List<String> overrides, Map<String, String> optionOfKey) {
        return resolve(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()), confFile, overrides,
                optionOfKey);
    }

    /**
     * A run's stored config ({@link #render}'s document) &lt; {@code confFile} &lt; overrides: how commands
     * that work on a stored run ({@code fuse}) change some settings and keep the others.
     */
    public static Config resolve(String storedText, String storedOrigin, String confFile, List<String> overrides) {
        return resolve(fromText(storedText, storedOrigin), confFile, overrides, Map.of());
    }

    private static Config resolve(Config base, String confFile, List<String> overrides,
            Map<String, String> optionOfKey) {
        Config reference = ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader());
        // Lowest precedence first: the file, then the overrides in the order given (the last one wins).
        List<Config> userLayers = new ArrayList<>();
        if (confFile != null && !confFile.isBlank()) {
            userLayers.add(parseFile(locate(confFile)));
        }
        for (String override : overrides) {
            userLayers.add(parseOverride(override, optionOfKey));
        }
        Config merged = base;
        for (Config layer : userLayers) {
            checkKeys(layer, reference);
            merged = sparkKeysAsNames(layer).withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError("cannot resolve the configuration: " + e.getMessage());
        }
    }

    /**
     * A stored run's configuration where the run lives now: its {@code config.conf} &lt; {@code confFile} &lt;
     * overrides, with {@code run.dir} the run's folder (a run folder can move).
     */
    public static Config resolveRun(String runDir, String storedText, String confFile, List<String> overrides) {
        return resolve(storedText, runDir + "/config.conf", confFile, overrides)
                .withValue(EaAdamConfig.ROOT + ".run.dir", ConfigValueFactory.fromAnyRef(runDir));
    }

    /**
     * What a run computes, as {@link #render} stores it: the settings less where the run lives (a run folder can
     * move) and how many workers run its EA stages (any number gives the same results), so that neither makes
     * a stored run's configuration differ.
     */
    public static String renderRun(Config config) {
        return render(config.withoutPath(EaAdamConfig.ROOT + ".run.dir")
                .withoutPath(EaAdamConfig.ROOT + "." + EA_WORKERS));
    }

    /**
     * The resolved {@code eaadam} tree as a HOCON document, every key explicit: what a run stores as its
     * {@code config.conf} and hashes into its manifests, and what {@link #fromText} reads back.
     */
    public static String render(Config config) {
        return ConfigFactory.empty().withValue(EaAdamConfig.ROOT, config.getValue(EaAdamConfig.ROOT)).root()
                .render(ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    }

    /**
     * Reads a document written by {@link #render} (a run's stored config) as data, since a run folder may
     * come from anyone: no includes, no substitutions (a stored config is written resolved), no tree but
     * {@code eaadam} (Spark's settings come from the command line, {@code --conf} and spark-submit), and
     * every key known.
     */
    public static Config fromText(String hocon, String origin) {
        Config reference = ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader());
        Config parsed = parseData(hocon, origin);
        if (!parsed.isResolved()) {
            throw new ConfigError(origin + ": holds a substitution (${...}); a run's stored configuration is "
                    + "written resolved and is read as data");
        }
        for (String root : parsed.root().keySet()) {
            if (!root.equals(EaAdamConfig.ROOT)) {
                throw new ConfigError(origin + ": holds '" + root + "' settings; a run's stored configuration has "
                        + "only '" + EaAdamConfig.ROOT + "' ones (Spark's come from the command line, --conf and "
                        + "spark-submit)");
            }
        }
        checkKeys(parsed, reference);
        return withRandomVggRecorded(parsed).withFallback(reference).resolve();
    }

    /**
     * A run stored before {@code loss.perceptual.random-vgg} existed trained with a random VGG19 where its
     * {@code vgg-weights} was empty: it resumes so, without being refused.
     */
    private static Config withRandomVggRecorded(Config stored) {
        String perceptual = EaAdamConfig.ROOT + ".loss.perceptual.";
        if (stored.hasPath(perceptual + "random-vgg")) {
            return stored;
        }
        boolean random = !stored.hasPath(perceptual + "vgg-weights") || stored.getString(perceptual + "vgg-weights").isBlank();
        return stored.withValue(perceptual + "random-vgg", ConfigValueFactory.fromAnyRef(random));
    }

    /** HOCON text parsed without following any include (nor resolving substitutions). */
    private static Config parseData(String hocon, String origin) {
        try {
            return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(origin)
                    .setIncluder(new NoIncludes(origin)));
        } catch (ConfigException e) {
            throw new ConfigError("cannot read " + origin + ": " + e.getMessage());
        }
    }

    /** Refuses every kind of include: a stored configuration must not read files, URLs or resources. */
    private record NoIncludes(String origin) implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
            ConfigIncluderClasspath {

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            throw refused(what);
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            throw refused(what.toString());
        }

        @Override
        public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
            throw refused(what.toString());
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            throw refused(what);
        }

        private ConfigError refused(String what) {
            return new ConfigError(origin + ": includes '" + what + "'; a run's stored configuration is read as data "
                    + "and may not include anything");
        }
    }

    /** An override that sets {@code key} to the string {@code value} as it is (a path with colons, quotes or spaces). */
    public static String override(String key, String value) {
        return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The keys whose values differ between two rendered configurations, as {@code key value (asked: value)},
     * in key order.
     */
    public static List<String> differences(String before, String after) {
        Config a = parseData(before, "the stored configuration");
        Config b = parseData(after, "the asked configuration");
        java.util.SortedSet<String> keys = new java.util.TreeSet<>();
        a.entrySet().forEach(e -> keys.add(e.getKey()));
        b.entrySet().forEach(e -> keys.add(e.getKey()));
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String was = a.hasPath(key) ? a.getValue(key).render(ConfigRenderOptions.concise()) : "(none)";
            String asked = b.hasPath(key) ? b.getValue(key).render(ConfigRenderOptions.concise()) : "(none)";
            if (!was.equals(asked)) {
                String shown = key.startsWith(EaAdamConfig.ROOT + ".") ? key.substring(EaAdamConfig.ROOT.length() + 1)
                        : key;
                differences.add(shown + " " + was + " (asked: " + asked + ")");
            }
        }
        return differences;
    }

    /** A preset name becomes {@code $EAADAM_HOME/conf/NAME.conf} (or {@code conf/NAME.conf} here). */
    static File locate(String confFile) {
        File direct = new File(confFile);
        if (direct.isFile()) {
            return direct;
        }
        String name = confFile.endsWith(".conf") ? confFile : confFile + ".conf";
        String home = System.getenv().getOrDefault("EAADAM_HOME", System.getProperty("eaadam.home", "."));
        for (Path candidate : List.of(Path.of(home, "conf", name), Path.of("conf", name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toFile();
            }
        }
        throw new ConfigError("config file '" + confFile + "' not found: expected a HOCON file or a preset name in "
                + Path.of(home, "conf").toAbsolutePath().normalize() + " (demo, srresnet-x4, rrdb-x4, swinir-x4, swinir-light-x4)");
    }

    private static Config parseFile(File file) {
        try {
            return ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** @param optionOfKey the command-line option behind a key, which then names the value's origin */
    static Config parseOverride(String override, Map<String, String> optionOfKey) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("override '" + override + "': expected key=value, e.g. data.batch-size=8");
        }
        String given = override.substring(0, eq).trim();
        boolean rooted = given.startsWith(EaAdamConfig.ROOT + ".")
                || OTHER_ROOTS.stream().anyMatch(r -> given.startsWith(r + "."));
        String key = rooted ? given : EaAdamConfig.ROOT + "." + given;
        String value = override.substring(eq + 1).trim();
        // The origin as the user wrote it: an option, or -D with the key as typed.
        String origin = optionOfKey.getOrDefault(given, "-D" + given);
        if (given.startsWith(SPARK + ".")) {
            // A Spark key is a name, not a HOCON path: spark.metrics.conf.*.sink.prometheusServlet.class has a
            // '*', and spark.speculation and spark.speculation.quantile are both values. It is kept as one
            // quoted segment below 'spark', its value as the string Spark parses (see SparkSetup).
            return ConfigFactory.empty(origin).withValue(ConfigUtil.joinPath(SPARK, given.substring(SPARK.length() + 1)),
                    ConfigValueFactory.fromAnyRef(value, origin));
        }
        ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(origin);
        try {
            return ConfigFactory.parseString(key + " = " + value, options);
        } catch (ConfigException e) {
            // Not a HOCON value (e.g. a path with a colon): take it as a plain string.
            return ConfigFactory.parseMap(Map.of(key, value), origin);
        }
    }

    /**
     * {@code layer} with each Spark setting under one key, its whole name quoted below {@code spark}, as
     * {@link #parseOverride} writes it: so that {@code spark { ui.port = 4041 }} in a file and
     * {@code -Dspark.ui.port=4050} are the same key, and the later layer wins.
     */
    private static Config sparkKeysAsNames(Config layer) {
        if (!layer.hasPath(SPARK)) {
            return layer;
        }
        Config flat = layer.withoutPath(SPARK);
        for (Map.Entry<String, ConfigValue> entry : layer.getConfig(SPARK).entrySet()) {
            String name = String.join(".", ConfigUtil.splitPath(entry.getKey()));
            flat = flat.withValue(ConfigUtil.joinPath(SPARK, name), entry.getValue());
        }
        return flat;
    }

    /** The Spark settings of a resolved configuration, by their names ({@code ui.port}, without {@code spark.}). */
    public static Map<String, String> sparkSettings(Config config) {
        Map<String, String> settings = new TreeMap<>();
        if (config.hasPath(SPARK)) {
            for (Map.Entry<String, ConfigValue> entry : config.getConfig(SPARK).entrySet()) {
                settings.put(String.join(".", ConfigUtil.splitPath(entry.getKey())),
                        String.valueOf(entry.getValue().unwrapped()));
            }
        }
        return settings;
    }

    private static void checkKeys(Config layer, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
            String key = entry.getKey();
            String root = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (OTHER_ROOTS.contains(root)) {
                continue;
            }
            if (!root.equals(EaAdamConfig.ROOT)) {
                throw new ConfigError("unknown top-level key '" + key + "'" + Section.origin(entry.getValue())
                        + ": settings live under '" + EaAdamConfig.ROOT + "' (or 'spark' for Spark settings)");
            }
            if (reference.hasPathOrNull(key)
                    || EaAdamConfig.FREE_MAPS.stream().anyMatch(map -> key.startsWith(map + "."))) {
                continue;
            }
            throw new ConfigError("unknown key '" + key + "'" + Section.origin(entry.getValue())
                    + "; did you mean '" + closest(key, reference) + "'? (all keys: conf/reference.conf)");
        }
    }

    private static String closest(String key, Config reference) {
        return Suggestions.closest(key, reference.entrySet().stream().map(Map.Entry::getKey).toList(),
                Integer.MAX_VALUE).orElseThrow();
    }
}
