package org.relax4j.train.progress;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar for long loops: step count, rate, ETA and a short status message (e.g. the
 * current ELBO). On a terminal it redraws in place; otherwise (logs, CI) it prints a line every
 * few seconds through SLF4J.
 */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** Starts a bar for {@code total} steps, already at {@code start}. */
    public static Progress start(String task, long start, long total) {
        return start(task, start, total, "steps");
    }

    /** Starts a bar for {@code total} things counted in {@code unit} (e.g. "examples"), already at {@code start}. */
    public static Progress start(String task, long start, long total, String unit) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .startsFrom(start, Duration.ZERO)
                .showSpeed()
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(LOG::info, 100))
                    .setUpdateIntervalMillis(10_000);
        } else {
            builder.setUpdateIntervalMillis(250);
        }
        return new Progress(builder.build());
    }

    /** Moves to step {@code step} and shows {@code message} after the bar. */
    public void update(long step, String message) {
        bar.stepTo(step);
        bar.setExtraMessage(" " + message); // the bar prints it right after the speed
    }

    @Override
    public void close() {
        bar.close();
    }
}
