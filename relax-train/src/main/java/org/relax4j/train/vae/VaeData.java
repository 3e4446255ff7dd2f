package org.relax4j.train.vae;

import java.io.IOException;
import java.nio.file.Path;
import org.relax4j.datasets.MinibatchStream;
import org.relax4j.datasets.MnistData;
import org.relax4j.datasets.SplitData;

/** The data of a VAE run: the dataset it names and its training minibatches. */
public final class VaeData {

    private VaeData() {}

    /** Loads (fetching and verifying on first use) the run's dataset. */
    public static MnistData load(TrainConfig config) throws IOException {
        return MnistData.load(config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()));
    }

    /** The training examples the run uses: the first {@code trainExamples}, or all. */
    public static SplitData trainingSet(TrainConfig config, MnistData data) {
        SplitData train = data.train();
        if (config.trainExamples() > 0 && config.trainExamples() < train.size()) {
            train = train.subset(0, config.trainExamples());
        }
        return train;
    }

    /** The training minibatches: a pure function of (seed, step). */
    public static MinibatchStream trainingStream(TrainConfig config, MnistData data) {
        return new MinibatchStream(trainingSet(config, data), config.binarization(), config.batch(), config.seed());
    }
}
