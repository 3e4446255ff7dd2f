package org.relax4j.core.training.listener;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.training.Stateful;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.core.variance.EmaGradientVariance;

/**
 * Reports, on each report step, the epoch, the mean objective of the applied steps since the
 * last report (NaN if none) and the trainer's gradient log-variance (the EMA tracker's
 * log mean_k Var(g_k)). Its window is checkpointed so a resumed run reports the same means.
 */
public final class TrainingMetricsListener implements TrainingListener, Stateful {

    private final String objectiveKey;
    private final int batch;
    private final int trainingExamples;
    private double windowSum;
    private long windowSteps;

    /**
     * @param objectiveKey the record key of the windowed objective (e.g. "train_elbo")
     * @param batch minibatch size
     * @param trainingExamples training examples per epoch
     */
    public TrainingMetricsListener(String objectiveKey, int batch, int trainingExamples) {
        this.objectiveKey = objectiveKey;
        this.batch = batch;
        this.trainingExamples = trainingExamples;
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.result().applied()) {
            windowSum += event.result().objective();
            windowSteps++;
        }
        if (event.report()) {
            EmaGradientVariance variance = trainer.gradientVariance();
            event.record().put("epoch", (double) event.step() * batch / trainingExamples);
            event.record().put(objectiveKey, windowSteps == 0 ? Double.NaN : windowSum / Math.max(1, windowSteps));
            event.record().put("grad_logvar", variance == null ? Double.NaN : variance.logVariance());
            windowSum = 0;
            windowSteps = 0;
        }
    }

    @Override
    public String stateName() {
        return "listener/training-metrics";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeDouble(windowSum);
        out.writeLong(windowSteps);
    }

    @Override
    public void load(DataInputStream in, NDManager manager) throws IOException {
        windowSum = in.readDouble();
        windowSteps = in.readLong();
    }
}
