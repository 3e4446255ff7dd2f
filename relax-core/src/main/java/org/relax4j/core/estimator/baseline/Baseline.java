package org.relax4j.core.estimator.baseline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.relax4j.core.estimator.EstimationProblem;

/**
 * A baseline c for the score-function estimator ĝ = (f(b) − c) ∂log p_α(b)/∂α (Williams 1992):
 * any c that does not depend on the sample b leaves E[ĝ] unchanged, since E[∂log p_α(b)/∂α] = 0,
 * and a c close to E[f | x] lowers the variance.
 *
 * <p>A strategy chosen when building {@link org.relax4j.core.estimator.Reinforce}: {@link #none()},
 * {@link EmaBaseline} (a running mean of f) or {@link LearnedBaseline} (c(x) from the problem's
 * conditioning inputs, NVIL). Write your own by implementing {@link #centre}.
 */
public interface Baseline extends AutoCloseable {

    /**
     * The centred learning signal and the baseline's own training loss.
     *
     * @param signal f(b) − c per example, shape (B), detached
     * @param loss scalar loss whose gradient trains the baseline's parameters, or {@code null}
     */
    record Centred(NDArray signal, NDArray loss) {}

    /** The baseline c = 0. */
    static Baseline none() {
        return NoBaseline.INSTANCE;
    }

    /** A short name ("none", "ema", "learned"). */
    String name();

    /**
     * Subtracts c from f for one batch and updates any running state afterwards (so c never
     * depends on the current samples).
     *
     * @param f f(b) per example, shape (B), detached
     * @param problem the problem being estimated (its conditioning and whether to train)
     */
    Centred centre(NDArray f, EstimationProblem problem);

    /** Creates learnable parameters for conditioning of shape (B, d) (null if none); default none. */
    default void initialize(NDManager manager, Shape conditioningShape) {}

    /** The learnable part as a DJL block, or empty. */
    default Optional<Block> block() {
        return Optional.empty();
    }

    /** The trainable parameters (empty if none). */
    default ParameterList parameters() {
        return new ParameterList();
    }

    /** Writes parameters and running state. */
    default void saveState(DataOutputStream out) throws IOException {}

    /** Reads what {@link #saveState} wrote. */
    default void loadState(DataInputStream in) throws IOException {}

    @Override
    default void close() {}
}
