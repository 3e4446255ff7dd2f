package org.relax4j.train.vae;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.relax4j.datasets.DatasetName;
import org.relax4j.datasets.MnistData;
import org.relax4j.datasets.io.IdxArray;

/**
 * MNIST-shaped synthetic data for training tests that need no network: 10 classes, each a
 * smooth random grey-level prototype (three Gaussian blobs on 28×28), examples = prototype plus
 * pixel noise. Structured enough that a VAE's bound improves quickly.
 */
final class SyntheticMnist {

    private static MnistData cached;

    private SyntheticMnist() {}

    static synchronized MnistData get() {
        if (cached == null) {
            SplittableRandom rng = new SplittableRandom(2024);
            double[][] prototypes = new double[10][784];
            for (double[] p : prototypes) {
                for (int blob = 0; blob < 3; blob++) {
                    double cx = 6 + rng.nextDouble() * 16;
                    double cy = 6 + rng.nextDouble() * 16;
                    double r2 = 6 + rng.nextDouble() * 10;
                    for (int i = 0; i < 28; i++) {
                        for (int j = 0; j < 28; j++) {
                            double d2 = (i - cy) * (i - cy) + (j - cx) * (j - cx);
                            p[i * 28 + j] = Math.max(p[i * 28 + j], Math.exp(-d2 / r2));
                        }
                    }
                }
            }
            Map<String, IdxArray> files = new HashMap<>();
            files.put(DatasetName.TRAIN_IMAGES, images(60_000, prototypes, rng, "train"));
            files.put(DatasetName.TRAIN_LABELS, labels(60_000, "train"));
            files.put(DatasetName.TEST_IMAGES, images(10_000, prototypes, rng, "test"));
            files.put(DatasetName.TEST_LABELS, labels(10_000, "test"));
            cached = MnistData.fromFiles(DatasetName.MNIST, files, null);
        }
        return cached;
    }

    private static IdxArray images(int n, double[][] prototypes, SplittableRandom rng, String name) {
        byte[] data = new byte[n * 784];
        for (int k = 0; k < n; k++) {
            double[] p = prototypes[k % 10];
            for (int i = 0; i < 784; i++) {
                double v = Math.min(1, Math.max(0, p[i] + 0.1 * rng.nextGaussian()));
                data[k * 784 + i] = (byte) Math.round(255 * v);
            }
        }
        return new IdxArray(null, false, 2051, new int[] {n, 28, 28}, data, "synthetic-" + name + "-images");
    }

    private static IdxArray labels(int n, String name) {
        byte[] data = new byte[n];
        for (int k = 0; k < n; k++) {
            data[k] = (byte) (k % 10);
        }
        return new IdxArray(null, false, 2049, new int[] {n}, data, "synthetic-" + name + "-labels");
    }
}
