package org.relax4j.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Length-prefixed NDArray records in binary state files (checkpoints of optimizers and trackers),
 * in DJL's own array encoding.
 */
public final class ArrayIO {

    private static final int MAX_BYTES = 1 << 30;

    private ArrayIO() {}

    /** Writes one array. */
    public static void write(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads one array written by {@link #write} onto {@code manager}; the array belongs to the
     * caller (it is not registered in any {@link NDScope} and not closed with the manager).
     */
    public static NDArray read(DataInputStream in, NDManager manager) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > MAX_BYTES) {
            throw new IOException("array record claims " + length + " bytes; the file is corrupt");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        NDArray array;
        try {
            array = NDArray.decode(manager, bytes);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IOException("array record is not a valid array encoding: " + e.getMessage(), e);
        }
        return owned(array);
    }

    /**
     * Reads one array written by {@link #write} into {@code target} in place (a parameter being
     * restored); the record must have the target's shape and data type.
     */
    public static void readInto(DataInputStream in, NDArray target) throws IOException {
        try (NDArray saved = read(in, target.getManager())) {
            if (!saved.getShape().equals(target.getShape()) || saved.getDataType() != target.getDataType()) {
                throw new IOException("array record is " + saved.getDataType() + " " + saved.getShape() + " where "
                        + target.getDataType() + " " + target.getShape() + " was expected");
            }
            target.set(saved.toByteBuffer());
        }
    }

    /** Removes {@code array} from the current scope and its manager: the caller closes it. */
    public static NDArray owned(NDArray array) {
        NDScope.unregister(array);
        array.detach();
        return array;
    }
}
