package org.relax4j.core.estimator.baseline;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * c = a bias-corrected exponential moving average of past batch means of f:
 * m_t = β m_{t−1} + (1 − β) mean(f_t), d_t = β d_{t−1} + (1 − β), c_t = m_{t−1} / d_{t−1}
 * (0 before the first batch), the correction of Kingma &amp; Ba (2015) §3. Updated after use, so c
 * does not depend on the current samples and the estimator stays unbiased. Its state (m, d) is
 * saved with the estimator.
 */
public final class EmaBaseline implements Baseline {

    /** The default decay β. */
    public static final double DEFAULT_DECAY = 0.99;

    private final double decay;
    private double numerator;
    private double denominator;

    private EmaBaseline(Builder builder) {
        this.decay = builder.decay;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The decay β. */
    public double decay() {
        return decay;
    }

    @Override
    public String name() {
        return "ema";
    }

    @Override
    public Centred centre(NDArray f, EstimationProblem problem) {
        NDArray signal = f.sub(denominator == 0 ? 0 : numerator / denominator);
        double batchMean = f.mean().getFloat();
        numerator = decay * numerator + (1 - decay) * batchMean;
        denominator = decay * denominator + (1 - decay);
        return new Centred(signal, null);
    }

    /** Writes m and d as two doubles. */
    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeDouble(numerator);
        out.writeDouble(denominator);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        numerator = in.readDouble();
        denominator = in.readDouble();
    }

    /** Builder of {@link EmaBaseline}. */
    public static final class Builder {
        private double decay = DEFAULT_DECAY;

        private Builder() {}

        /** Sets the decay β, in [0, 1) (default {@link EmaBaseline#DEFAULT_DECAY}). */
        public Builder optDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /** Builds the baseline. */
        public EmaBaseline build() {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("the EMA baseline's decay must be in [0, 1), got " + decay);
            }
            return new EmaBaseline(this);
        }
    }
}
