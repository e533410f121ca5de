package io.eaadam.jobs.report;

import io.eaadam.common.config.EaAdamConfig;
import io.eaadam.common.store.RunStore;
import io.eaadam.jobs.monitor.ProgressDisplay;
import io.eaadam.jobs.monitor.RunMetrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The run report while {@code train} (or {@code demo}) runs, from {@link #start} until {@link #close}: below its
 * title a section on the running phase ({@link RunMetrics#progress}), and a meta refresh (no script) that makes
 * the browser reload it every {@link #REFRESH_SECONDS} s. {@link #update} renders and writes it after a generation,
 * as {@link RunReport#update} does; a daemon timer writes it again every {@link #REWRITE_SECONDS} s with the
 * phase's progress and the rest as last rendered (charts and crops change with a generation only, and the crops
 * cost a forward pass of every expert). {@link #close} writes the final report, without either. The timer's and
 * the driver's writes take turns, so the last one written is the final report.
 */
public final class LiveReport implements AutoCloseable {

    /** How often the browser reloads a live report. */
    static final int REFRESH_SECONDS = 15;
    /** How often the timer writes it. */
    static final int REWRITE_SECONDS = 30;

    private static final Logger logger = LoggerFactory.getLogger(LiveReport.class);

    private final EaAdamConfig config;
    private final RunStore store;
    private final Supplier<Optional<RunMetrics.Progress>> progress;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eaadam-live-report");
        thread.setDaemon(true);
        return thread;
    });
    /** The page as last rendered; null until a generation is. This object's lock guards it, and every write. */
    private RunReport.Page page;
    private boolean closed;

    /** The live report of the run at {@code config.run().dir()}, showing {@code progress}. */
    LiveReport(EaAdamConfig config, Supplier<Optional<RunMetrics.Progress>> progress) {
        this.config = config;
        this.store = new RunStore(config.run().dir());
        this.progress = progress;
        timer.scheduleWithFixedDelay(this::rewrite, REWRITE_SECONDS, REWRITE_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts the live report of the run being trained, showing the driver's {@link RunMetrics}. */
    public static LiveReport start(EaAdamConfig config) {
        return new LiveReport(config, () -> RunMetrics.current().progress());
    }

    /** Renders the report after the run changed (a generation); as with {@link RunReport#update}, a failure is logged. */
    public void update() {
        try {
            RunReport.Page rendered = RunReport.render(config);
            synchronized (this) {
                page = rendered;
                write();
            }
        } catch (IOException | RuntimeException e) {
            logger.warn("{}/{} not updated: {}", config.run().dir(), RunReport.FILE, e.getMessage());
        }
    }

    /** The timer's write: the running phase's progress in the page as last rendered; nothing before a render. */
    synchronized void rewrite() {
        if (page != null && !closed) {
            try {
                write();
            } catch (IOException | RuntimeException e) { // the next rewrite or generation tries again
                logger.debug("{}/{} not rewritten", config.run().dir(), RunReport.FILE, e);
            }
        }
    }

    private void write() throws IOException {
        store.writeText(RunReport.FILE, page.html(closed ? null : running(progress.get())));
    }

    /** Stops the timer and writes the final report: the page as last rendered, without refresh or running phase. */
    @Override
    public void close() {
        timer.shutdown(); // a rewrite under way finishes (the lock below waits for it); no other starts
        synchronized (this) {
            closed = true;
            if (page != null) {
                try {
                    write();
                } catch (IOException | RuntimeException e) {
                    logger.warn("{}/{} not updated: {}", config.run().dir(), RunReport.FILE, e.getMessage());
                }
            }
        }
    }

    /** The section on the running phase: what it is, how far (done of total, rate, time left), its figures, when. */
    static String running(Optional<RunMetrics.Progress> running) {
        StringBuilder html = new StringBuilder("<section id=\"running\" class=\"running\"><h2>Running</h2>");
        if (running.isEmpty()) {
            html.append("<p>Between phases.</p>");
        } else {
            RunMetrics.Progress phase = running.get();
            double ratio = Math.min(1, Math.max(0, phase.ratio()));
            html.append("<p><strong>").append(Html.escape(phase.job())).append("</strong></p>");
            html.append(String.format(Locale.ROOT, "<p><progress max=\"1\" value=\"%.4f\">%.0f%%</progress> ", ratio,
                    100 * ratio));
            html.append(ProgressDisplay.howFar(phase, "starting: no task has counted its work yet").stream()
                    .map(Html::escape).collect(Collectors.joining(" &middot; "))).append("</p>");
            if (!phase.figures().isEmpty()) {
                html.append("<p>The tasks' last finished epoch, mean over the tasks:</p>").append(Html.table(
                        List.copyOf(phase.figures().keySet()), List.of(phase.figures().values().stream()
                                .map(Html::number).toList())));
            }
        }
        return html.append("<p class=\"meta\">Progress as of ").append(RunReport.now()).append("; this page reloads every ")
                .append(REFRESH_SECONDS).append(" s while the run is live.</p></section>").toString();
    }
}
