package org.relax4j.core.estimator.baseline;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.estimator.EstimationProblem;

/** c = 0: plain REINFORCE. */
final class NoBaseline implements Baseline {

    static final NoBaseline INSTANCE = new NoBaseline();

    private NoBaseline() {}

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Centred centre(NDArray f, EstimationProblem problem) {
        return new Centred(f, null);
    }
}
