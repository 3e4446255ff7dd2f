package org.relax4j.datasets;

/**
 * The three splits: the first 50,000 examples of the 60,000-example training file, the last 10,000
 * of it, and the 10,000 test examples.
 */
public enum Split {
    /** Examples 0..49,999 of the training file. */
    TRAIN("train", 0, 50_000),
    /** Examples 50,000..59,999 of the training file. */
    VALIDATION("validation", 50_000, 10_000),
    /** The 10,000 examples of the t10k test file. */
    TEST("test", 60_000, 10_000);

    private final String id;
    private final long globalOffset;
    private final int size;

    Split(String id, long globalOffset, int size) {
        this.id = id;
        this.globalOffset = globalOffset;
        this.size = size;
    }

    /** Lower-case name. */
    public String id() {
        return id;
    }

    /**
     * Index of this split's first example when the training file (0..59,999) and test file
     * (60,000..69,999) are numbered consecutively; keys the static binarization.
     */
    public long globalOffset() {
        return globalOffset;
    }

    /** Number of examples in the full split. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return id;
    }
}
