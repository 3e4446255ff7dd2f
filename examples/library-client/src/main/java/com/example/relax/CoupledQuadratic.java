package com.example.relax;

import ai.djl.ndarray.NDArray;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.core.objective.RelaxableObjective;

/**
 * f(b) = (Σ_i w_i b_i − c)² + κ Σ_i b_i b_{i+1} over 12 binary units: hit the target sum c with
 * a subset of the weights, paying κ for each pair of neighbours both on. The same formula
 * evaluates relaxed b in [0, 1], which RELAX needs.
 *
 * <p>Constants go through {@link NativeArrays}: DJL 0.35's {@code create(float[])} and
 * {@code mul(Number)} wrap Java memory that autograd may read after it is reused.
 */
public final class CoupledQuadratic implements RelaxableObjective {

    static final float[] WEIGHTS = {0.9f, -0.4f, 0.7f, 0.3f, -0.8f, 0.6f, 0.5f, -0.3f, 0.8f, 0.2f, -0.6f, 0.4f};
    static final float TARGET = 1.5f;
    static final float COUPLING = 0.3f;

    /** Number of units. */
    public int units() {
        return WEIGHTS.length;
    }

    /** b has shape (samples, batch, units); the result (samples, batch). */
    @Override
    public NDArray apply(NDArray b, NDArray temperature) {
        int n = units();
        NDArray w = NativeArrays.copyOf(b.getManager(), WEIGHTS);
        NDArray miss = b.mul(w).sum(new int[] {-1}).sub(TARGET);
        NDArray neighbours = b.get("..., 0:" + (n - 1)).mul(b.get("..., 1:")).sum(new int[] {-1});
        return miss.mul(miss).add(NativeArrays.times(neighbours, COUPLING));
    }

    /** f of one configuration, in plain Java (for exact expectations). */
    public double value(double[] b) {
        double miss = -TARGET;
        double neighbours = 0;
        for (int i = 0; i < b.length; i++) {
            miss += WEIGHTS[i] * b[i];
            if (i + 1 < b.length) {
                neighbours += b[i] * b[i + 1];
            }
        }
        return miss * miss + COUPLING * neighbours;
    }

    /** min_b f(b) over all 2¹² configurations: the best any distribution can reach. */
    public double minimum() {
        double best = Double.MAX_VALUE;
        double[] b = new double[units()];
        for (int mask = 0; mask < 1 << units(); mask++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (mask >>> i) & 1;
            }
            best = Math.min(best, value(b));
        }
        return best;
    }
}
