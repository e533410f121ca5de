package io.eaadam.tests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.eaadam.tests.cluster.StandaloneCluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running application's Spark UI read over HTTP, as a person's browser or a dashboard reads it: its REST API
 * ({@code /api/v1}) and its Prometheus endpoint ({@code /metrics/prometheus/}, served when the
 * {@code PrometheusServlet} sink is configured).
 */
public final class SparkUi {

    /** The Prometheus name prefix of eaadam's driver gauges (spark.metrics.namespace=eaadam, the plugin's source). */
    public static final String DRIVER_GAUGE = "metrics_eaadam_driver_plugin_io_eaadam_jobs_monitor_EaAdamPlugin_";

    /** The settings that make the driver's UI serve Spark's metrics, eaadam's gauges included, for Prometheus. */
    public static final List<String> PROMETHEUS_SETTINGS = List.of(
            "spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet",
            "spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus");

    /** A stage attempt as the REST API shows it. */
    public record Stage(int id, int attempt, String status, String description, int completeTasks, int activeTasks,
            long inputRecords) {

        static Stage of(JsonObject json) {
            return new Stage(json.get("stageId").getAsInt(), json.get("attemptId").getAsInt(),
                    json.get("status").getAsString(), json.has("description") ? json.get("description").getAsString() : "",
                    json.get("numCompleteTasks").getAsInt(), json.get("numActiveTasks").getAsInt(),
                    json.get("inputRecords").getAsLong());
        }

        /** Running, and none of its tasks has finished yet. */
        public boolean runningWithNoTaskDone() {
            return status.equals("ACTIVE") && completeTasks == 0;
        }
    }

    private final String base;
    private String applicationId;

    /** @param base the UI's address, {@code http://host:port} */
    public SparkUi(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** The body of {@code path} (below the UI's address); an IOException unless it answers 200. */
    public String get(String path) throws IOException {
        try {
            return StandaloneCluster.get(base + path, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The application's id, once the UI is up; empty while it does not answer. */
    public Optional<String> applicationId() {
        if (applicationId == null) {
            try {
                JsonArray applications = JsonParser.parseString(get("/api/v1/applications")).getAsJsonArray();
                if (!applications.isEmpty()) {
                    applicationId = applications.get(0).getAsJsonObject().get("id").getAsString();
                }
            } catch (IOException | RuntimeException notYet) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(applicationId);
    }

    /** The active stage whose job description contains {@code description}; empty when none (or no UI). */
    public Optional<Stage> activeStage(String description) {
        try {
            for (Stage stage : stages("?status=active")) {
                if (stage.description().contains(description)) {
                    return Optional.of(stage);
                }
            }
        } catch (IOException | RuntimeException notYet) {
            // the UI is not up yet, or has gone with the application
        }
        return Optional.empty();
    }

    /** Stage {@code id}'s attempt {@code attempt} as it is now. */
    public Stage stage(int id, int attempt) throws IOException {
        return Stage.of(JsonParser.parseString(get(applicationPath() + "/stages/" + id + "/" + attempt + "?details=false"))
                .getAsJsonObject());
    }

    private List<Stage> stages(String query) throws IOException {
        List<Stage> stages = new ArrayList<>();
        for (JsonElement stage : JsonParser.parseString(get(applicationPath() + "/stages" + query)).getAsJsonArray()) {
            stages.add(Stage.of(stage.getAsJsonObject()));
        }
        return stages;
    }

    private String applicationPath() throws IOException {
        return "/api/v1/applications/" + applicationId().orElseThrow(() -> new IOException(base + ": no application"));
    }

    /** The driver's metrics from its Prometheus endpoint, by name. */
    public Map<String, Double> prometheus() throws IOException {
        return parsePrometheus(get("/metrics/prometheus/"));
    }

    /**
     * Prometheus' text exposition format: {@code name{label="value",...} value [timestamp]} lines, comments and
     * blank lines left out. Spark's servlet gives each name one series, so a name maps to its value.
     */
    public static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            String rest;
            if (labels >= 0 && (space < 0 || labels < space)) {
                int close = line.indexOf('}', labels);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed labels: " + line);
                }
                name = line.substring(0, labels);
                rest = line.substring(close + 1).strip();
            } else if (space > 0) {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            } else {
                throw new IllegalArgumentException("no value: " + line);
            }
            String value = rest.split("\\s+")[0];
            Double previous = metrics.put(name, switch (value) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            });
            if (previous != null && !previous.equals(metrics.get(name))) {
                throw new IllegalArgumentException(name + " has two values: " + previous + " and " + value);
            }
        }
        return metrics;
    }
}
