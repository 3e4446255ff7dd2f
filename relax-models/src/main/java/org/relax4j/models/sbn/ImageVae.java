package org.relax4j.models.sbn;

import java.util.function.LongConsumer;
import org.relax4j.core.random.NoiseSource;
import org.relax4j.core.training.StochasticModel;
import org.relax4j.datasets.Binarization;
import org.relax4j.datasets.SplitData;

/**
 * A VAE of binary images as the training command sees it: a {@link StochasticModel} that can be
 * evaluated (IWAE-k and ELBO on a split) and can draw reconstructions and samples. Implemented by
 * the binary {@link VaeModel} and the categorical {@link
 * org.relax4j.models.categorical.CategoricalVaeModel}.
 */
public interface ImageVae extends StochasticModel {

    /** Dimension of x (pixels per image). */
    int inputDim();

    /**
     * IWAE-k (Burda et al. 2016, eq. 8) and a one-sample ELBO averaged over the first {@code
     * examples} examples of a split (0 = all), with evaluation noise {@code noise}.
     */
    default VaeModel.Evaluation evaluate(
            SplitData split, Binarization binarization, int k, int examples, NoiseSource noise) {
        return evaluate(split, binarization, k, examples, noise, done -> {});
    }

    /**
     * As {@link #evaluate(SplitData, Binarization, int, int, NoiseSource)}, telling {@code
     * progress} how many examples are done after each evaluation batch (e.g. for a progress bar).
     */
    VaeModel.Evaluation evaluate(
            SplitData split, Binarization binarization, int k, int examples, NoiseSource noise, LongConsumer progress);

    /**
     * The first 16 examples of {@code split} (threshold-binarized), their reconstructions from a
     * posterior sample, and 64 ancestral samples' mean images, with noise {@code noise}.
     *
     * @return {digits (16 × D), reconstructions (16 × D), samples (64 × D)} as row-major floats
     */
    float[][] reconstructionsAndSamples(SplitData split, NoiseSource.StepNoise noise);
}
