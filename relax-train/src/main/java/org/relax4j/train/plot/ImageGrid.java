package org.relax4j.train.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.relax4j.datasets.io.AtomicFiles;

/** A grid of square grey-level images (e.g. 28×28 digits) written as a PNG. */
public final class ImageGrid {

    private ImageGrid() {}

    /**
     * Writes {@code images} (n × side², values in [0, 1], row-major) as a grid with {@code columns}
     * columns, each pixel drawn {@code scale}×{@code scale}, 1-pixel grey separators.
     */
    public static void write(Path png, float[] images, int side, int columns, int scale) throws IOException {
        int pixels = side * side;
        if (images.length % pixels != 0) {
            throw new IllegalArgumentException(images.length + " values do not form " + side + "x" + side + " images");
        }
        int n = images.length / pixels;
        int rows = (n + columns - 1) / columns;
        int cell = side * scale + 1;
        BufferedImage img = new BufferedImage(columns * cell + 1, rows * cell + 1, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                raster.setSample(x, y, 0, 128);
            }
        }
        for (int k = 0; k < n; k++) {
            int ox = (k % columns) * cell + 1;
            int oy = (k / columns) * cell + 1;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    float v = images[k * pixels + i * side + j];
                    int g = 255 - Math.round(255 * Math.max(0, Math.min(1, v)));
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setSample(ox + j * scale + dx, oy + i * scale + dy, 0, g);
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
