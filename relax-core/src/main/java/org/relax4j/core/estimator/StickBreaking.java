package org.relax4j.core.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.relax4j.core.engine.NativeArrays;

/**
 * The stick-breaking view of a categorical unit with probabilities θ (C classes) as C − 1 binary
 * decisions (Dong, Mnih and Tucker 2021, §4; Dimitriev and Zhou 2021, §3): stage j stops at class
 * j with probability ρ_j = θ_j / Σ_{i ≥ j} θ_i, else passes to stage j + 1; the last class is
 * taken when every stage passes. Independent stops s_j ~ Bernoulli(ρ_j) give x = the first j with
 * s_j = 1 (C − 1 if none), and x ~ Cat(θ) exactly.
 */
final class StickBreaking {

    private StickBreaking() {}

    /**
     * The stage logits β_j = logit ρ_j = α_j − log Σ_{i > j} exp α_i, j = 0 … C − 2, shape
     * (…, C − 1), differentiable in α (…, C).
     */
    static NDArray stageLogits(NDArray alpha) {
        int c = Math.toIntExact(alpha.getShape().get(alpha.getShape().dimension() - 1));
        float[] mask = new float[(c - 1) * c];
        for (int j = 0; j < c - 1; j++) {
            for (int i = 0; i <= j; i++) {
                mask[j * c + i] = -1e30f; // only classes after j count in the tail
            }
        }
        NDArray tail = alpha.expandDims(-2).add(NativeArrays.copyOf(alpha.getManager(), mask, new Shape(c - 1, c)));
        NDArray logTail = EstimatorSupport.logSumExp(tail, -1);
        return alpha.get("..., 0:" + (c - 1)).sub(logTail);
    }

    /**
     * The one-hot category x of stops s (…, C − 1) in {0, 1}: the first stage that stops, the last
     * class if none does; shape (…, C).
     */
    static NDArray firstStop(NDArray stops) {
        Shape one = stops.getShape().slice(0, stops.getShape().dimension() - 1).add(1);
        NDArray all = NDArrays.concat(new NDList(stops, stops.getManager().ones(one, stops.getDataType())), -1);
        return all.mul(all.cumSum(-1).eq(1).toType(stops.getDataType(), false));
    }

    /** 1 where stage j (…, C − 1) is reached, i.e. no earlier stage stopped. */
    static NDArray reached(NDArray stops) {
        return stops.cumSum(-1).sub(stops).eq(0).toType(stops.getDataType(), false);
    }
}
