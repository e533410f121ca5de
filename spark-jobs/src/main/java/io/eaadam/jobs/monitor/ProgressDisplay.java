package io.eaadam.jobs.monitor;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A command's progress on the driver's console, from {@link RunMetrics}, in local mode and on a cluster alike:
 * on a terminal one line rewritten in place every second; elsewhere (a log file, a pipe) a plain line every
 * {@link #PLAIN_EVERY_SECONDS} seconds while it changes.
 */
public final class ProgressDisplay implements AutoCloseable {

    static final int PLAIN_EVERY_SECONDS = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eaadam-progress-display");
        thread.setDaemon(true);
        return thread;
    });
    private String shown = "";

    private ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.width = terminal ? columns() : Integer.MAX_VALUE;
        if (out != null) {
            int period = terminal ? 1 : PLAIN_EVERY_SECONDS;
            ticker.scheduleAtFixedRate(this::show, period, period, TimeUnit.SECONDS);
        }
    }

    /** Shows nothing ({@code --quiet}). */
    public static ProgressDisplay hidden() {
        return new ProgressDisplay(null, false);
    }

    /** Shows progress on {@code out} until closed; {@code terminal}: whether out is an interactive terminal. */
    public static ProgressDisplay start(PrintStream out, boolean terminal) {
        return new ProgressDisplay(out, terminal);
    }

    /** Shows progress on stderr, rewritten in place when the JVM runs on a terminal (System.console()). */
    public static ProgressDisplay onStderr() {
        return start(System.err, System.console() != null);
    }

    private synchronized void show() {
        Optional<RunMetrics.Progress> progress = RunMetrics.current().progress();
        if (progress.isEmpty()) {
            return;
        }
        String line = line(progress.get(), RunMetrics.current().hypervolume());
        if (terminal) {
            // Back to the line's start afterwards, so that a log line written meanwhile overwrites it.
            out.print("\r" + (line.length() > width ? line.substring(0, width) : line) + "\u001b[K\r");
            out.flush();
        } else if (!line.equals(shown)) {
            out.println(line);
        }
        shown = line;
    }

    /** The line for {@code progress}: the phase, how far, the rate, the time left, the figures, the hypervolume. */
    static String line(RunMetrics.Progress progress, double hypervolume) {
        StringBuilder line = new StringBuilder(progress.job());
        for (String part : howFar(progress, "starting")) {
            line.append(" | ").append(part);
        }
        for (Map.Entry<String, Double> figure : progress.figures().entrySet()) {
            line.append(String.format(Locale.ROOT, " | %s %.4g", figure.getKey(), figure.getValue()));
        }
        if (!Double.isNaN(hypervolume)) {
            line.append(String.format(Locale.ROOT, " | hypervolume %.4g", hypervolume));
        }
        return line.toString();
    }

    /**
     * How far the phase is, in parts: done of total with the percentage ({@code starting} while no task has
     * counted its work), then the rate and the time left where known.
     */
    public static List<String> howFar(RunMetrics.Progress progress, String starting) {
        List<String> parts = new ArrayList<>();
        parts.add(progress.total() == 0 ? starting : String.format(Locale.ROOT, "%d/%d %s (%.0f%%)", progress.done(),
                progress.total(), progress.unit(), 100 * progress.ratio()));
        if (progress.perSecond() > 0) {
            parts.add(rate(progress.perSecond()) + " " + progress.unit() + "/s");
        }
        if (!Double.isNaN(progress.etaSeconds())) {
            parts.add("ETA " + duration(progress.etaSeconds()));
        }
        return parts;
    }

    /** 0.0412, 3.90, 12.5, 1234: three significant digits, whole numbers from 100 on. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%.0f" : "%.3g", perSecond);
    }

    /** 42s, 3m05s, 2h07m. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    /** The terminal's width less one (a full line would wrap), as {@code stty size} tells it; else 79. */
    private static int columns() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
            return stty.waitFor() == 0 && size.length == 2 ? Math.max(40, Integer.parseInt(size[1]) - 1) : 79;
        } catch (IOException | RuntimeException e) {
            return 79;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 79;
        }
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (terminal && !shown.isEmpty()) {
            out.print("\u001b[K");
            out.flush();
        }
    }
}
