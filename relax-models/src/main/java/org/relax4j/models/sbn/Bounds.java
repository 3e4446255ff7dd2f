package org.relax4j.models.sbn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.relax4j.core.random.NoiseSource;

/**
 * Evaluation bounds on log p(x): the ELBO E_q[f] (one sample) and the importance-weighted bound
 * IWAE-k = E[log (1/k) Σ_j exp f(x, b_j)], b_j ~ q(b | x) independent (Burda et al. 2016), which
 * is ≥ the ELBO and non-decreasing in k in expectation.
 */
public final class Bounds {

    private Bounds() {}

    /**
     * IWAE-k per example, shape (B), computed in chunks of at most {@code chunk} samples so memory
     * stays bounded for k in the thousands; the running log-sum-exp across chunks is exact.
     */
    public static NDArray iwae(SigmoidBeliefNet model, NDArray x, int k, int chunk, NoiseSource.StepNoise noise) {
        if (k < 1 || chunk < 1) {
            throw new IllegalArgumentException("k and chunk must be positive, got k=" + k + ", chunk=" + chunk);
        }
        long batch = x.getShape().get(0);
        NDArray runningMax = null;
        NDArray runningSum = null;
        for (int done = 0; done < k; done += chunk) {
            int n = Math.min(chunk, k - done);
            try (NDScope scope = new NDScope()) {
                NDArray f = logWeights(model, x, n, noise);
                NDArray max = f.max(new int[] {0});
                NDArray newMax = runningMax == null ? max : runningMax.maximum(max);
                NDArray sum = f.sub(newMax.expandDims(0)).exp().sum(new int[] {0});
                if (runningSum != null) {
                    sum = sum.add(runningSum.mul(runningMax.sub(newMax).exp()));
                }
                NDScope.unregister(newMax, sum);
                if (runningMax != null) {
                    runningMax.close();
                    runningSum.close();
                }
                runningMax = newMax;
                runningSum = sum;
            }
        }
        NDArray result = runningSum.div(k).log().add(runningMax);
        runningMax.close();
        runningSum.close();
        return result.reshape(batch);
    }

    /**
     * f(x, b_j) for n independent samples b_j ~ q(b | x), shape (n, B). The first encoder map runs
     * once on the B examples, as a (1, B, D) batch whose logits broadcast against the n samples'
     * noise, not on n copies of x (a 2-D input would take libtorch's fused addmm, which rounds
     * differently).
     */
    public static NDArray logWeights(SigmoidBeliefNet model, NDArray x, int n, NoiseSource.StepNoise noise) {
        long batch = x.getShape().get(0);
        List<NDArray> u = new ArrayList<>();
        for (int l = 0; l < model.stochasticLayers(); l++) {
            u.add(noise.uniform(x.getManager(), new Shape(n, batch, model.units())));
        }
        // (1, B, D): the encoder's batched product, as for n copies, broadcast against the noise
        SigmoidBeliefNet.Sample s = model.sample(x.expandDims(0), u);
        return model.elbo(x, s.samples(), s.logits());
    }

    /** A one-sample ELBO estimate per example, shape (B). */
    public static NDArray elbo(SigmoidBeliefNet model, NDArray x, NoiseSource.StepNoise noise) {
        return logWeights(model, x, 1, noise).squeeze(0);
    }
}
