package org.relax4j.train.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.relax4j.core.training.Outcome;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StepResult;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.train.listener.ProgressListener;
import org.relax4j.train.run.RunDirectory;
import org.relax4j.train.vae.Checkpoint;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeRun;
import org.relax4j.train.vae.VaeTraining;

/**
 * {@code relax4j train --seeds}: a {@link StackedVaeRun} trained into K run directories, one per
 * seed ({@code DIR/seed-<s>}), each with the same files as a solo run's (config.json,
 * metrics.jsonl, summary.json, plots, checkpoint.bin in the solo format), so {@code eval},
 * {@code compare}, {@code finetune-cv} and {@code --resume DIR/seed-<s>} treat each as a solo
 * run; {@code --resume DIR} continues the whole stack.
 *
 * <p>The stack's trainer runs the loop; one listener of it drives each run's own listeners (those
 * of {@link VaeTraining#listeners}, attached to the run's solo trainer so that its checkpoint
 * holds their state) with the run's own step result, after copying the run's slice of the stack
 * into the solo run whenever they will read it: on report steps (control variate and variance
 * tracker), evaluation steps (the model) and checkpoint steps and the end (the optimizers too).
 *
 * <p>Non-finite steps: a solo run skips them; in a stack every run takes the same step, so the
 * first step that is not finite in any run stops the whole stack (naming the runs), without saving
 * past the last checkpoint. Every run can then be continued alone from its checkpoint.
 */
public final class StackedTraining {

    /** The prefix of each run's directory name inside the stack's directory. */
    public static final String RUN_PREFIX = "seed-";

    private StackedTraining() {}

    /** The directory of the run with seed {@code seed} in the stack directory {@code dir}. */
    public static Path runDirectory(Path dir, long seed) {
        return dir.resolve(RUN_PREFIX + seed);
    }

    /** Whether {@code dir} holds a stack of runs (run directories {@code seed-<s>}, no run of its own). */
    public static boolean isStackDirectory(Path dir) throws IOException {
        return !VaeTraining.isRunDirectory(dir) && !runDirectories(dir).isEmpty();
    }

    /** The run directories of the stack directory {@code dir}, by seed. */
    public static List<Path> runDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().startsWith(RUN_PREFIX))
                    .filter(VaeTraining::isRunDirectory)
                    .sorted((a, b) -> Long.compare(seedOf(a), seedOf(b)))
                    .toList();
        }
    }

    private static long seedOf(Path runDir) {
        try {
            return Long.parseLong(runDir.getFileName().toString().substring(RUN_PREFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Trains {@code stack} up to its configurations' total steps in the held run directories (one
     * per run, in run order): from a fresh start, or ({@code resume}) from the runs' checkpoints,
     * which must all be at one step.
     */
    public static Outcome run(StackedVaeRun stack, List<RunDirectory> held, boolean resume, boolean showProgress)
            throws IOException {
        int runs = stack.size();
        List<List<TrainingListener>> listeners = new ArrayList<>();
        long step = -1;
        for (int k = 0; k < runs; k++) {
            VaeRun run = stack.runs().get(k);
            Path dir = held.get(k).path();
            List<TrainingListener> own = VaeTraining.listeners(run, dir, resume, false);
            own.forEach(run.trainer()::addListener);
            listeners.add(own);
            long at = VaeTraining.restore(run, dir, resume);
            if (step >= 0 && at != step) {
                throw new IllegalArgumentException("the stacked runs' checkpoints are at different steps (" + step
                        + " and " + at + " in " + dir + "); continue each alone with --resume "
                        + held.get(k).path());
            }
            step = at;
        }
        if (resume) {
            stack.copyFromRuns();
        }
        for (int k = 0; k < runs; k++) {
            stack.runs().get(k).config().write(held.get(k).path());
        }
        TrainConfig config = stack.runs().get(0).config();
        StochasticTrainer trainer = stack.trainer();
        trainer.setDivergenceAdvice(() -> divergenceAdvice(held));
        trainer.addListener(new FanOut(stack, listeners));
        if (showProgress) {
            trainer.addListener(ProgressListener.owned(
                    "train " + runs + " runs",
                    config.steps(),
                    e -> e.report(),
                    e -> String.format("mean ELBO %.2f", e.record().get(FanOut.MEAN_ELBO))));
        }
        return VaeTraining.fit(trainer, step, config.steps());
    }

    private static String divergenceAdvice(List<RunDirectory> held) {
        boolean any = held.stream().anyMatch(h -> Files.exists(h.path().resolve(Checkpoint.FILE)));
        return any
                ? "; each run's last good checkpoint is in its directory (--resume DIR/seed-<s> continues one alone)"
                : "; no checkpoint was written before it: start again with a smaller --lr or --cv-lr";
    }

    /** Drives each run's own listeners from the stack's steps. */
    private static final class FanOut implements TrainingListener {

        /** The record key of the runs' mean training ELBO, for the stack's progress bar. */
        static final String MEAN_ELBO = "mean_train_elbo";

        private final StackedVaeRun stack;
        private final List<List<TrainingListener>> listeners;
        private final long checkpointEvery;

        FanOut(StackedVaeRun stack, List<List<TrainingListener>> listeners) {
            this.stack = stack;
            this.listeners = listeners;
            this.checkpointEvery = stack.runs().get(0).config().checkpointEvery();
        }

        @Override
        public void onTrainingBegin(StochasticTrainer trainer, long step) {
            for (int k = 0; k < stack.size(); k++) {
                for (TrainingListener l : listeners.get(k)) {
                    l.onTrainingBegin(solo(k), step);
                }
            }
        }

        @Override
        public void onStep(StochasticTrainer trainer, StepEvent event) {
            float[] objectives = stack.model().lastObjectives();
            if (!event.result().applied()) {
                trainer.fail("step " + event.step() + " was not finite ("
                        + event.result().problem() + ") in "
                        + nonFiniteRuns(objectives) + "; a stack stops at the first non-finite step of any run"
                        + trainer.divergenceAdvice());
                return;
            }
            boolean checkpoint = event.step() % checkpointEvery == 0;
            if (event.report() || event.evaluate() || checkpoint) {
                copyToRuns(checkpoint);
            }
            double sum = 0;
            for (int k = 0; k < stack.size(); k++) {
                StepEvent own = new StepEvent(
                        event.step(),
                        event.totalSteps(),
                        new StepResult(true, objectives[k], null),
                        event.report(),
                        event.evaluate(),
                        event.startNanos());
                for (TrainingListener l : listeners.get(k)) {
                    l.onStep(solo(k), own);
                }
                if (event.report() && own.record().get("train_elbo") instanceof Double elbo) {
                    sum += elbo;
                }
            }
            if (event.report()) {
                event.record().put(MEAN_ELBO, sum / stack.size());
            }
        }

        @Override
        public void onTrainingEnd(StochasticTrainer trainer, Outcome outcome) {
            if (!outcome.failed()) {
                copyToRuns(true);
            }
            for (int k = 0; k < stack.size(); k++) {
                for (TrainingListener l : listeners.get(k)) {
                    l.onTrainingEnd(solo(k), outcome);
                }
            }
        }

        private String nonFiniteRuns(float[] objectives) {
            List<String> runs = new ArrayList<>();
            for (int k = 0; k < stack.size(); k++) {
                if (objectives == null || !Float.isFinite(objectives[k])) {
                    runs.add("seed " + stack.runs().get(k).config().seed());
                }
            }
            return runs.isEmpty() ? "one of the runs' gradients" : "the run(s) with " + String.join(", ", runs);
        }

        private StochasticTrainer solo(int k) {
            return stack.runs().get(k).trainer();
        }

        private void copyToRuns(boolean optimizers) {
            try {
                stack.copyToRuns(optimizers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
