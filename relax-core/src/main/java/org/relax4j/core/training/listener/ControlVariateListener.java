package org.relax4j.core.training.listener;

import java.util.List;
import org.relax4j.core.controlvariate.RelaxControlVariate;
import org.relax4j.core.estimator.ControlVariateEstimator;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.training.StepEvent;
import org.relax4j.core.training.StochasticTrainer;
import org.relax4j.core.training.TrainingListener;

/**
 * Reports each control variate's scale η and temperature λ ({@code eta}, {@code temperature},
 * suffixed {@code _1}, {@code _2}, … when there are several stochastic nodes).
 */
public final class ControlVariateListener implements TrainingListener {

    @Override
    public void onStep(StochasticTrainer trainer, StepEvent event) {
        if (event.report()) {
            List<GradientEstimator> estimators = trainer.estimators();
            for (int l = 0; l < estimators.size(); l++) {
                if (estimators.get(l) instanceof ControlVariateEstimator cv) {
                    String suffix = estimators.size() == 1 ? "" : "_" + (l + 1);
                    RelaxControlVariate c = cv.controlVariate();
                    double eta = c.eta();
                    double temperature = c.temperature();
                    if (!Double.isNaN(eta)) {
                        event.record().put("eta" + suffix, eta);
                    }
                    if (!Double.isNaN(temperature)) {
                        event.record().put("temperature" + suffix, temperature);
                    }
                }
            }
        }
    }
}
