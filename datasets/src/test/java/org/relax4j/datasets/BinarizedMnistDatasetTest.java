package org.relax4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinarizedMnistDatasetTest {

    @Test
    void givesFloatBatchesOfTheRightShapeOnTheDevice() throws IOException, TranslateException {
        SplitData data = Synthetic.split(Split.TRAIN, 20, 784, 3);
        BinarizedMnistDataset ds = BinarizedMnistDataset.builder()
                .optData(data)
                .optBinarization(Binarization.THRESHOLD)
                .setSampling(8, false)
                .optDevice(Device.cpu())
                .build();
        assertEquals(20, ds.size());
        try (NDManager m = NDManager.newBaseManager()) {
            List<Shape> shapes = new ArrayList<>();
            int row = 0;
            for (Batch b : ds.getData(m)) {
                NDArray x = b.getData().head();
                shapes.add(x.getShape());
                assertEquals(DataType.FLOAT32, x.getDataType());
                assertEquals(Device.cpu(), x.getDevice());
                float[] v = x.toFloatArray();
                float[] labels = b.getLabels().head().toFloatArray();
                for (int r = 0; r < x.getShape().get(0); r++, row++) {
                    assertEquals(data.label(row), (int) labels[r]);
                    assertEquals(data.pixel(row, 100) >= 128 ? 1f : 0f, v[r * 784 + 100]);
                }
                b.close();
            }
            assertEquals(List.of(new Shape(8, 784), new Shape(8, 784), new Shape(4, 784)), shapes);
        }
    }

    @Test
    void dynamicDrawsAreFreshButReproducible() throws IOException {
        SplitData data = Synthetic.split(Split.TRAIN, 5, 784, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            BinarizedMnistDataset a = dynamic(data, 1);
            float[] a1 = a.get(m, 3).getData().head().toFloatArray();
            float[] a2 = a.get(m, 3).getData().head().toFloatArray();
            assertFalse(Arrays.equals(a1, a2), "a second draw of the same example is a fresh sample");
            BinarizedMnistDataset b = dynamic(data, 1);
            assertArrayEquals(a1, b.get(m, 3).getData().head().toFloatArray(), "the k-th draw is reproducible");
            assertArrayEquals(a2, b.get(m, 3).getData().head().toFloatArray(), "the k-th draw is reproducible");
            assertFalse(
                    Arrays.equals(
                            a1, dynamic(data, 2).get(m, 3).getData().head().toFloatArray()),
                    "seeded");
        }
    }

    private static BinarizedMnistDataset dynamic(SplitData data, long seed) {
        return BinarizedMnistDataset.builder()
                .optData(data)
                .optBinarization(Binarization.DYNAMIC)
                .optSeed(seed)
                .setSampling(1, false)
                .build();
    }
}
