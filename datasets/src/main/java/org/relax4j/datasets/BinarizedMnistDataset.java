package org.relax4j.datasets;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A DJL {@link RandomAccessDataset} of binarized MNIST / Fashion-MNIST, for use with DJL's {@code
 * Trainer} pipeline. Each record's data is one (784) float32 image of 0/1 pixels and its label one
 * float32 scalar (the class), so DJL's default stacking batchifier gives (B, 784) batches; {@code
 * optDevice} puts them on a device.
 *
 * <pre>{@code
 * BinarizedMnistDataset ds = BinarizedMnistDataset.builder()
 *         .optDataset(DatasetName.MNIST).optSplit(Split.TRAIN)
 *         .optBinarization(Binarization.DYNAMIC).optSeed(1)
 *         .setSampling(24, true).optDevice(Device.cpu())
 *         .build();
 * ds.prepare();
 * for (Batch b : ds.getData(manager)) { NDArray x = b.getData().head(); ... b.close(); }
 * }</pre>
 *
 * <p>With {@link Binarization#DYNAMIC}, each time example i is drawn it gets a fresh Bernoulli
 * sample, keyed by (seed, i, how many times i has been drawn before), so a given sequence of draws
 * is reproducible. (DJL's own {@code RandomSampler} uses DJL's global RNG for the order; for fully
 * reproducible, resumable training use {@link MinibatchStream}.)
 */
public final class BinarizedMnistDataset extends RandomAccessDataset {

    static final long DOMAIN_DATASET = 0xDA7AL;

    private final DatasetName datasetName;
    private final Path dataDir;
    private final Split split;
    private final Binarization binarization;
    private final long seed;
    private volatile SplitData data;
    private volatile AtomicIntegerArray draws;

    private BinarizedMnistDataset(Builder builder) {
        super(builder);
        this.datasetName = builder.datasetName;
        this.dataDir = builder.dataDir;
        this.split = builder.split;
        this.binarization = builder.binarization;
        this.seed = builder.seed;
        if (builder.data != null) {
            setData(builder.data);
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The binarization applied. */
    public Binarization binarization() {
        return binarization;
    }

    /** The split's examples (loading them if needed). */
    public SplitData splitData() throws IOException {
        ensureLoaded();
        return data;
    }

    @Override
    public void prepare(Progress progress) throws IOException {
        ensureLoaded();
    }

    private void ensureLoaded() throws IOException {
        if (data == null) {
            synchronized (this) {
                if (data == null) {
                    setData(MnistData.load(datasetName, dataDir).split(split));
                }
            }
        }
    }

    private void setData(SplitData d) {
        this.draws = new AtomicIntegerArray(d.size());
        this.data = d;
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        ensureLoaded();
        int i = Math.toIntExact(index);
        int dim = data.dim();
        float[] row = new float[dim];
        long noiseBase = 0;
        if (binarization == Binarization.DYNAMIC) {
            int k = draws.getAndIncrement(i);
            noiseBase = CounterRandom.base(CounterRandom.base(seed, DOMAIN_DATASET, data.globalOffset() + i), 0, k);
        }
        MinibatchStream.fillRow(data, binarization, i, row, 0, noiseBase, 0);
        NDList x = new NDList(manager.create(row, new Shape(dim)));
        NDList y = new NDList(manager.create((float) data.label(i)));
        return new Record(x, y);
    }

    @Override
    protected long availableSize() {
        try {
            ensureLoaded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data.size();
    }

    /** Builds a {@link BinarizedMnistDataset}; {@code setSampling} must be called. */
    public static final class Builder extends BaseBuilder<Builder> {

        private DatasetName datasetName = DatasetName.MNIST;
        private Path dataDir;
        private Split split = Split.TRAIN;
        private Binarization binarization = Binarization.DYNAMIC;
        private long seed;
        private SplitData data;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Which data set (default MNIST). */
        public Builder optDataset(DatasetName name) {
            this.datasetName = Objects.requireNonNull(name);
            return this;
        }

        /** The data root (default: {@code $RELAX4J_DATA}, else {@code ~/.relax4j/data}). */
        public Builder optDataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Which split (default TRAIN). */
        public Builder optSplit(Split split) {
            this.split = Objects.requireNonNull(split);
            return this;
        }

        /** The binarization (default DYNAMIC). */
        public Builder optBinarization(Binarization binarization) {
            this.binarization = Objects.requireNonNull(binarization);
            return this;
        }

        /** The seed of the dynamic binarization (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Uses already loaded examples instead of loading the split from disk. */
        public Builder optData(SplitData data) {
            this.data = data;
            return this;
        }

        /** Builds the dataset (the data are loaded by {@code prepare} or on first access). */
        public BinarizedMnistDataset build() {
            return new BinarizedMnistDataset(this);
        }
    }
}
