/**
 * MNIST and Fashion-MNIST for Relax4J: loading ({@link org.relax4j.datasets.MnistData}), the
 * train / validation / test splits ({@link org.relax4j.datasets.SplitData}), binarization ({@link
 * org.relax4j.datasets.Binarization}, {@link org.relax4j.datasets.StaticBinarization}),
 * deterministic resumable minibatches ({@link org.relax4j.datasets.MinibatchStream}) and a DJL
 * dataset ({@link org.relax4j.datasets.BinarizedMnistDataset}).
 *
 * <p>All randomness here is counter-based ({@link org.relax4j.datasets.CounterRandom}), never DJL's
 * global RNG, so any batch can be recomputed from (seed, step) on any machine.
 */
package org.relax4j.datasets;
