package org.relax4j.datasets.fetch;

import java.util.List;
import java.util.Objects;

/**
 * What a data file must be: its canonical name (without {@code .gz}), IDX magic number,
 * dimensions and the SHA-256 of its <em>uncompressed</em> content ({@code null} if unknown, in which
 * case only the structure is verified).
 *
 * @param fileName canonical file name, e.g. {@code train-images-idx3-ubyte}
 * @param magic IDX magic number (2051 images, 2049 labels)
 * @param dims expected dimensions, e.g. {@code [60000, 28, 28]}
 * @param sha256 lower-case hex SHA-256 of the uncompressed file, or null
 */
public record IdxFileSpec(String fileName, int magic, List<Integer> dims, String sha256) {

    /** Validates and copies the arguments. */
    public IdxFileSpec {
        Objects.requireNonNull(fileName, "fileName");
        dims = List.copyOf(dims);
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }

    /** The file name when stored gzip-compressed. */
    public String gzName() {
        return fileName + ".gz";
    }

    /** Dimensions as text, e.g. {@code 60000x28x28}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i == 0 ? "" : "x").append(dims.get(i));
        }
        return sb.toString();
    }
}
