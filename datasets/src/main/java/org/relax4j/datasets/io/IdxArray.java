package org.relax4j.datasets.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of an unsigned-byte IDX file: its magic number, dimensions, the raw data bytes
 * (row-major) and the SHA-256 of the whole uncompressed file (header included).
 *
 * <p>The data array is shared, not copied: treat it as read-only.
 */
public final class IdxArray {

    private final Path file;
    private final boolean gzipped;
    private final int magic;
    private final int[] dims;
    private final byte[] data;
    private final String sha256;

    /** Creates the array; {@code data.length} must be the product of {@code dims}. */
    public IdxArray(Path file, boolean gzipped, int magic, int[] dims, byte[] data, String sha256) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "IDX data has " + data.length + " bytes but dimensions " + Arrays.toString(dims) + " need " + n);
        }
        this.file = file;
        this.gzipped = gzipped;
        this.magic = magic;
        this.dims = dims.clone();
        this.data = data;
        this.sha256 = sha256;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** Whether the file was gzip-compressed. */
    public boolean gzipped() {
        return gzipped;
    }

    /** The magic number: 2051 for images, 2049 for labels. */
    public int magic() {
        return magic;
    }

    /** The dimensions, e.g. {@code [60000, 28, 28]}. */
    public int[] dims() {
        return dims.clone();
    }

    /** The first dimension: the number of items. */
    public int count() {
        return dims[0];
    }

    /** The number of bytes per item (product of the dimensions after the first). */
    public int itemSize() {
        int s = 1;
        for (int i = 1; i < dims.length; i++) {
            s *= dims[i];
        }
        return s;
    }

    /** The raw data bytes (unsigned), row-major; shared, do not modify. */
    public byte[] data() {
        return data;
    }

    /** Lower-case hex SHA-256 of the uncompressed file content. */
    public String sha256() {
        return sha256;
    }

    /** The same content, recorded as read from {@code newFile} (after a move). */
    public IdxArray withFile(Path newFile) {
        return new IdxArray(newFile, gzipped, magic, dims, data, sha256);
    }

    /** Dimensions as text, e.g. {@code 60000x28x28}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
