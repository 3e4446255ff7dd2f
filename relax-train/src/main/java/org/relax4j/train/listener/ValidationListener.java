package org.relax4j.train.listener;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.training.Stateful;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;
import org.relax4j.models.sbn.VaeModel;
import org.relax4j.train.vae.VaeRun;

/**
 * On evaluation steps, bounds the validation log-likelihood (IWAE-k and a one-sample ELBO on the
 * run's validation examples, fixed evaluation noise) into the record ({@code valid_iwae},
 * {@code valid_elbo}, {@code valid_k}) and keeps the best IWAE and its step.
 */
public final class ValidationListener implements TrainingListener, Stateful {

    private final VaeRun run;
    private double bestIwae = Double.NaN;
    private long bestStep = -1;

    /** Validates {@code run}'s model with its configured k and examples. */
    public ValidationListener(VaeRun run) {
        this.run = run;
    }

    /** The best validation IWAE so far (NaN if none). */
    public double bestIwae() {
        return bestIwae;
    }

    /** The step of the best validation IWAE (−1 if none). */
    public long bestStep() {
        return bestStep;
    }

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.evaluate()) {
            VaeModel.Evaluation v = run.evaluate(
                    run.data().validation(), run.config().evalK(), run.config().evalExamples());
            event.record().put("valid_iwae", v.iwae());
            event.record().put("valid_elbo", v.elbo());
            event.record().put("valid_k", v.k());
            if (Double.isNaN(bestIwae) || v.iwae() > bestIwae) {
                bestIwae = v.iwae();
                bestStep = event.step();
            }
        }
    }

    @Override
    public String stateName() {
        return "listener/validation";
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeDouble(bestIwae);
        out.writeLong(bestStep);
    }

    @Override
    public void load(DataInputStream in, NDManager manager) throws IOException {
        bestIwae = in.readDouble();
        bestStep = in.readLong();
    }
}
