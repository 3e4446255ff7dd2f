package org.relax4j.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.relax4j.core.engine.NativeArrays;
import org.relax4j.datasets.fetch.DataDirectory;
import org.relax4j.datasets.fetch.DataFetcher;
import org.relax4j.datasets.io.IdxArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST or Fashion-MNIST loaded into memory and split into train (50,000) / validation (the last
 * 10,000 of the training file) / test (the 10,000 of t10k).
 *
 * <p>Typical use by training code:
 *
 * <pre>{@code
 * MnistData data = MnistData.load(DatasetName.MNIST, null);      // fetches if needed
 * MinibatchStream train = new MinibatchStream(data.train(), Binarization.DYNAMIC, 24, seed);
 * NDArray x = train.batch(step, manager);                         // (24, 784) float32 of 0/1
 * NDArray xbar = data.trainingMean(manager);                      // (784) grey-level mean
 * for (NDArray xv : MinibatchStream.evaluationBatches(data.validation(), Binarization.DYNAMIC, 100, manager)) { ... }
 * }</pre>
 */
public final class MnistData {

    private static final Logger LOG = LoggerFactory.getLogger(MnistData.class);

    private final DatasetName name;
    private final Path datasetDir;
    private final SplitData train;
    private final SplitData validation;
    private final SplitData test;
    private final float[] trainingMean;
    private final String fingerprint;

    private MnistData(
            DatasetName name,
            Path datasetDir,
            byte[] trainFile,
            byte[] trainLabels,
            byte[] testFile,
            byte[] testLabels,
            String fingerprint) {
        this.name = name;
        this.datasetDir = datasetDir;
        this.fingerprint = fingerprint;
        int d = DatasetName.PIXELS;
        int nTrain = Split.TRAIN.size();
        int nAll = trainLabels.length;
        if (nAll != DatasetName.TRAIN_FILE_SIZE || testLabels.length != DatasetName.TEST_FILE_SIZE) {
            throw new IllegalArgumentException(
                    "expected 60000 training and 10000 test examples, got " + nAll + " and " + testLabels.length);
        }
        // Evaluated lazily, after the splits exist; reads their pixels (the full files are not retained).
        Supplier<byte[]> allStatic = memoize(this::staticAll);
        int nVal = nAll - nTrain;
        this.train = new SplitData(
                Split.TRAIN,
                d,
                Arrays.copyOfRange(trainFile, 0, nTrain * d),
                Arrays.copyOfRange(trainLabels, 0, nTrain),
                0,
                () -> Arrays.copyOfRange(allStatic.get(), 0, nTrain * d));
        this.validation = new SplitData(
                Split.VALIDATION,
                d,
                Arrays.copyOfRange(trainFile, nTrain * d, nAll * d),
                Arrays.copyOfRange(trainLabels, nTrain, nAll),
                nTrain,
                () -> Arrays.copyOfRange(allStatic.get(), nTrain * d, nAll * d));
        this.test = new SplitData(
                Split.TEST,
                d,
                testFile,
                testLabels,
                nAll,
                () -> Arrays.copyOfRange(allStatic.get(), nAll * d, (nAll + testLabels.length) * d));
        this.trainingMean = train.pixelMean();
        if (nVal != Split.VALIDATION.size()) {
            throw new IllegalStateException("validation split has " + nVal + " examples");
        }
    }

    /**
     * Loads a data set from {@code <data dir>/<mnist|fashion-mnist>/}, fetching and verifying any
     * missing file first (see {@link DataFetcher}).
     *
     * @param name which data set
     * @param dataDirOrNull the data root; null means {@code $RELAX4J_DATA}, else {@code ~/.relax4j/data}
     * @throws IOException if the files cannot be found, fetched or verified (the message says why
     *     and what to do)
     */
    public static MnistData load(DatasetName name, Path dataDirOrNull) throws IOException {
        Path root = DataDirectory.resolve(dataDirOrNull);
        DataFetcher fetcher = DataFetcher.forDataset(name, root);
        Map<String, IdxArray> files = fetcher.fetch();
        return fromFiles(name, files, fetcher.datasetDir());
    }

    /**
     * Builds the splits from already verified file contents (keys: {@link DatasetName#TRAIN_IMAGES}
     * etc.).
     *
     * @param datasetDirOrNull where to cache the static binarization; null keeps it in memory only
     */
    public static MnistData fromFiles(DatasetName name, Map<String, IdxArray> files, Path datasetDirOrNull) {
        IdxArray trI = need(files, DatasetName.TRAIN_IMAGES);
        IdxArray trL = need(files, DatasetName.TRAIN_LABELS);
        IdxArray teI = need(files, DatasetName.TEST_IMAGES);
        IdxArray teL = need(files, DatasetName.TEST_LABELS);
        if (trI.itemSize() != DatasetName.PIXELS || teI.itemSize() != DatasetName.PIXELS) {
            throw new IllegalArgumentException("expected 28x28 images");
        }
        String fingerprint = name.id() + ":" + trI.sha256() + ":" + teI.sha256();
        LOG.debug("Loaded {} ({} training, {} test examples)", name.displayName(), trL.count(), teL.count());
        return new MnistData(name, datasetDirOrNull, trI.data(), trL.data(), teI.data(), teL.data(), fingerprint);
    }

    private static IdxArray need(Map<String, IdxArray> files, String key) {
        IdxArray a = files.get(key);
        if (a == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return a;
    }

    /** Which data set this is. */
    public DatasetName name() {
        return name;
    }

    /** The directory the files were loaded from, or null for in-memory data. */
    public Path directory() {
        return datasetDir;
    }

    /** The 50,000 training examples. */
    public SplitData train() {
        return train;
    }

    /** The 10,000 validation examples (the last 10,000 of the training file). */
    public SplitData validation() {
        return validation;
    }

    /** The 10,000 test examples. */
    public SplitData test() {
        return test;
    }

    /** The split named by {@code split}. */
    public SplitData split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** x̄: the per-pixel mean grey level in [0, 1] over the 50,000 training examples (784 floats, a copy). */
    public float[] trainingMean() {
        return trainingMean.clone();
    }

    /** x̄ as a (784) float32 array on {@code manager}'s device. */
    public NDArray trainingMean(NDManager manager) {
        return NativeArrays.copyOf(manager, trainingMean);
    }

    /** The static binarization cache file, or null for in-memory data. */
    public Path staticBinarizationCache() {
        return datasetDir == null ? null : StaticBinarization.cacheFile(datasetDir, Binarization.STATIC_SEED);
    }

    /** Whether the static binarization cache file exists and verifies (reads it; changes nothing). */
    public boolean isStaticBinarizationCached() {
        Path cache = staticBinarizationCache();
        return cache != null
                && java.nio.file.Files.isRegularFile(cache)
                && StaticBinarization.isCacheValid(
                        cache,
                        train.size() + validation.size() + test.size(),
                        DatasetName.PIXELS,
                        Binarization.STATIC_SEED,
                        fingerprint);
    }

    /**
     * Computes (or loads and verifies) the static binarization now rather than on first use, writing
     * its cache file.
     */
    public void prepareStaticBinarization() {
        train.staticBits();
        validation.staticBits();
        test.staticBits();
    }

    private byte[] staticAll() {
        byte[] all = new byte[(train.size() + validation.size() + test.size()) * DatasetName.PIXELS];
        int off = 0;
        for (SplitData s : new SplitData[] {train, validation, test}) {
            byte[] p = s.rawPixels();
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        if (datasetDir == null) {
            return StaticBinarization.compute(all, DatasetName.PIXELS, 0, Binarization.STATIC_SEED);
        }
        return StaticBinarization.loadOrCompute(
                staticBinarizationCache(), all, DatasetName.PIXELS, Binarization.STATIC_SEED, fingerprint);
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
