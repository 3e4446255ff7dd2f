package org.relax4j.train.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.train.metrics.MetricsLog;

/**
 * Appends each report step's record to {@code metrics.jsonl}; add it after the listeners that
 * fill the record. A fresh run creates the file; a resumed one keeps the records up to its
 * checkpoint's step and appends after them.
 */
public final class MetricsFileListener implements TrainingListener {

    private final Path file;
    private final boolean resume;
    private MetricsLog log;

    /** Writes {@code file}, truncating it unless {@code resume}. */
    public MetricsFileListener(Path file, boolean resume) {
        this.file = file;
        this.resume = resume;
    }

    @Override
    public void onTrainingBegin(StochasticTrainer trainer, long step) {
        try {
            log = resume ? MetricsLog.append(file, r -> r.get("step").getAsLong() <= step) : MetricsLog.create(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.report()) {
            try {
                log.log(event.record());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
