package org.relax4j.datasets;

/** Small synthetic splits for tests. */
final class Synthetic {

    private Synthetic() {}

    /** N examples of D pixels; grey levels cover 0 and 255 and everything between. */
    static SplitData split(Split split, int n, int d, long seed) {
        byte[] px = new byte[n * d];
        long base = CounterRandom.base(seed, 1, 2);
        for (int k = 0; k < px.length; k++) {
            int g = (int) (CounterRandom.bits(base, k) >>> 56);
            if (k % 11 == 0) {
                g = 0;
            } else if (k % 13 == 0) {
                g = 255;
            }
            px[k] = (byte) g;
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        return SplitData.of(split, d, px, labels);
    }
}
