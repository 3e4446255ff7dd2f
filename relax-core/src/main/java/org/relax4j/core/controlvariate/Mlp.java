package org.relax4j.core.controlvariate;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** Multilayer perceptrons for baselines and control-variate networks. */
public final class Mlp {

    /** Hidden-layer nonlinearity. */
    public enum Nonlinearity {
        /** max(0, x). */
        RELU,
        /** tanh(x). */
        TANH
    }

    private Mlp() {}

    /**
     * {@code depth} hidden layers of {@code width} units with the given nonlinearity, then a
     * linear layer of {@code outputs} units. Acts on the last axis.
     */
    public static SequentialBlock create(int depth, int width, Nonlinearity nonlinearity, int outputs) {
        if (depth < 0 || (depth > 0 && width <= 0) || outputs <= 0) {
            throw new IllegalArgumentException("an MLP needs depth >= 0, width > 0 and outputs > 0; got depth " + depth
                    + ", width " + width + ", outputs " + outputs);
        }
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < depth; i++) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(nonlinearity == Nonlinearity.RELU ? Activation.reluBlock() : Activation.tanhBlock());
        }
        block.add(Linear.builder().setUnits(outputs).build());
        return block;
    }
}
