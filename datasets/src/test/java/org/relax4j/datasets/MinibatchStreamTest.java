package org.relax4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class MinibatchStreamTest {

    static final int D = 12;

    @Test
    void batchIsAPureFunctionOfSeedAndStep() {
        SplitData data = Synthetic.split(Split.TRAIN, 103, D, 5);
        for (Binarization b : Binarization.values()) {
            MinibatchStream s = new MinibatchStream(data, b, 10, 77);
            float[] b5 = s.batchArray(5);
            float[] b37 = s.batchArray(37);
            float[] b0 = s.batchArray(0);
            // Recomputed, out of order, and by a fresh stream (a resumed run): identical.
            assertArrayEquals(b5, s.batchArray(5));
            MinibatchStream resumed = new MinibatchStream(data, b, 10, 77);
            assertArrayEquals(b37, resumed.batchArray(37));
            assertArrayEquals(b0, resumed.batchArray(0));
            assertArrayEquals(b5, resumed.batchArray(5));
            assertArrayEquals(s.exampleIndices(37), resumed.exampleIndices(37));
        }
    }

    @Test
    void everyExampleOncePerEpochAndEpochsDiffer() {
        SplitData data = Synthetic.split(Split.TRAIN, 100, D, 5);
        MinibatchStream s = new MinibatchStream(data, Binarization.THRESHOLD, 10, 3);
        assertEquals(10, s.stepsPerEpoch());
        int[][] orders = new int[3][];
        for (int epoch = 0; epoch < 3; epoch++) {
            BitSet seen = new BitSet();
            int[] order = new int[100];
            for (int k = 0; k < 10; k++) {
                long step = epoch * 10L + k;
                assertEquals(epoch, s.epochOf(step));
                int[] idx = s.exampleIndices(step);
                System.arraycopy(idx, 0, order, k * 10, 10);
                for (int i : idx) {
                    assertFalse(seen.get(i), "example " + i + " twice in epoch " + epoch);
                    seen.set(i);
                }
            }
            assertEquals(100, seen.cardinality());
            assertArrayEquals(s.epochOrder(epoch), order);
            orders[epoch] = order;
        }
        assertFalse(Arrays.equals(orders[0], orders[1]));
        assertFalse(Arrays.equals(orders[1], orders[2]));
        assertFalse(
                Arrays.equals(orders[0], new MinibatchStream(data, Binarization.THRESHOLD, 10, 4).epochOrder(0)),
                "another seed, another order");
    }

    @Test
    void remainderIsDroppedEachEpoch() {
        SplitData data = Synthetic.split(Split.TRAIN, 103, D, 5);
        MinibatchStream s = new MinibatchStream(data, Binarization.THRESHOLD, 10, 3);
        assertEquals(10, s.stepsPerEpoch());
        assertEquals(1, s.epochOf(10));
        int[] order = s.epochOrder(1);
        assertArrayEquals(Arrays.copyOfRange(order, 0, 10), s.exampleIndices(10));
        assertArrayEquals(Arrays.copyOfRange(order, 90, 100), s.exampleIndices(19));
    }

    @Test
    void batchRowsAreTheBinarizedExamples() {
        SplitData data = Synthetic.split(Split.TRAIN, 30, D, 9);
        MinibatchStream s = new MinibatchStream(data, Binarization.THRESHOLD, 7, 1);
        int[] idx = s.exampleIndices(2);
        float[] x = s.batchArray(2);
        int[] labels = s.labels(2);
        for (int r = 0; r < 7; r++) {
            assertEquals(data.label(idx[r]), labels[r]);
            for (int j = 0; j < D; j++) {
                assertEquals(data.pixel(idx[r], j) >= 128 ? 1f : 0f, x[r * D + j]);
            }
        }
    }

    @Test
    void ndArrayBatchHasShapeTypeAndValues() {
        SplitData data = Synthetic.split(Split.TRAIN, 30, D, 9);
        MinibatchStream s = new MinibatchStream(data, Binarization.DYNAMIC, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = s.batch(4, m);
            assertEquals(new Shape(8, D), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            assertEquals(m.getDevice(), x.getDevice());
            assertArrayEquals(s.batchArray(4), x.toFloatArray());
        }
    }

    @Test
    void evaluationCoversTheSplitInOrderAndIsReproducible() {
        SplitData data = Synthetic.split(Split.VALIDATION, 23, D, 9);
        assertEquals(3, MinibatchStream.evaluationBatchCount(data, 10));
        for (Binarization b : Binarization.values()) {
            float[] all = MinibatchStream.evaluationBatchArray(data, b, 23, 0);
            float[] joined = new float[0];
            for (int k = 0; k < 3; k++) {
                float[] part = MinibatchStream.evaluationBatchArray(data, b, 10, k);
                assertEquals(k < 2 ? 10 * D : 3 * D, part.length);
                float[] j2 = Arrays.copyOf(joined, joined.length + part.length);
                System.arraycopy(part, 0, j2, joined.length, part.length);
                joined = j2;
            }
            assertArrayEquals(all, joined, "independent of the batch size: " + b);
            assertArrayEquals(all, MinibatchStream.evaluationBatchArray(data, b, 23, 0), "reproducible: " + b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            int count = 0;
            for (NDArray x : MinibatchStream.evaluationBatches(data, Binarization.STATIC, 10, m)) {
                assertEquals(new Shape(count < 2 ? 10 : 3, D), x.getShape());
                x.close();
                count++;
            }
            assertEquals(3, count);
        }
    }

    @Test
    void rejectsBadArguments() {
        SplitData data = Synthetic.split(Split.TRAIN, 10, D, 9);
        assertThrows(IllegalArgumentException.class, () -> new MinibatchStream(data, Binarization.STATIC, 0, 1));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new MinibatchStream(data, Binarization.STATIC, 11, 1));
        assertTrue(e.getMessage().contains("11"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new MinibatchStream(data, Binarization.STATIC, 5, 1).batchArray(-1));
    }
}
