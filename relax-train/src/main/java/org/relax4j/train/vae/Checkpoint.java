package org.relax4j.train.vae;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.relax4j.core.training.Stateful;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.datasets.io.IoErrors;

/**
 * The binary checkpoint of a training run: the step and one named section per
 * {@link Stateful} component (model parameters, each estimator, both optimizers, the variance
 * tracker, the listeners' running state). Minibatches and estimator noise are pure functions of
 * (seed, step), so no random generator state is needed to continue exactly.
 *
 * <p>Layout: magic "RELAX4J-CKPT", format version, the run's configuration identity (must match on
 * restore), the step, the number of sections, each section as (name, byte length, bytes), and a
 * CRC-32 of everything before it. Written atomically (temp file, then rename), so a crash while
 * writing leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    /** File name inside a run directory. */
    public static final String FILE = "checkpoint.bin";

    private static final byte[] MAGIC = "RELAX4J-CKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    private static final String FIX = "; restore it from a backup or start a new run (--out elsewhere)";

    private Checkpoint() {}

    /**
     * What {@link #read} restored.
     *
     * @param step the step the checkpoint was taken at
     * @param otherSections the sections no component asked for, by name (carried into derived checkpoints)
     */
    public record Restored(long step, Map<String, byte[]> otherSections) {}

    /** Writes {@code components} (then {@code carried} sections not among them) at {@code step}. */
    public static void write(
            Path file, String identity, long step, List<Stateful> components, Map<String, byte[]> carried)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        Map<String, byte[]> sections = new LinkedHashMap<>();
        for (Stateful c : components) {
            ByteArrayOutputStream section = new ByteArrayOutputStream();
            DataOutputStream sectionOut = new DataOutputStream(section);
            c.save(sectionOut);
            sectionOut.flush();
            if (sections.put(c.stateName(), section.toByteArray()) != null) {
                throw new IllegalStateException("two components save state as '" + c.stateName() + "'");
            }
        }
        carried.forEach(sections::putIfAbsent);
        out.write(MAGIC);
        out.writeInt(VERSION);
        writeString(out, identity);
        out.writeLong(step);
        out.writeInt(sections.size());
        for (Map.Entry<String, byte[]> s : sections.entrySet()) {
            writeString(out, s.getKey());
            out.writeInt(s.getValue().length);
            out.write(s.getValue());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        AtomicFiles.write(file, buffer.toByteArray());
    }

    /**
     * Restores {@code components} from the checkpoint of a run whose configuration identity is
     * {@code identity}; sections of other components are returned, not loaded.
     */
    public static Restored read(Path file, String identity, List<Stateful> components, NDManager manager)
            throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "no checkpoint at " + file + "; the run has not saved one yet (it saves every "
                            + "--checkpoint-every steps and on exit)",
                    e);
        } catch (IOException e) {
            throw IoErrors.describe(file, e);
        }
        if (bytes.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a Relax4J checkpoint (bad header)" + FIX);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IOException(file + " is corrupt or truncated (checksum mismatch)" + FIX);
        }
        DataInputStream in =
                new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length));
        String current = null;
        try {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has checkpoint format " + version + "; this build reads format "
                        + VERSION + " (continue it with the build that wrote it, or start a new run)");
            }
            if (!readString(in).equals(identity)) {
                throw new IOException(file + " was written by a run with a different configuration than "
                        + TrainConfig.FILE + " describes (model, estimator or options changed); resume with the "
                        + "original configuration");
            }
            long step = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > 100_000) {
                throw new IOException(file + " is corrupt (" + count + " sections)" + FIX);
            }
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new EOFException("section " + name);
                }
                byte[] section = new byte[length];
                in.readFully(section);
                sections.put(name, section);
            }
            for (Stateful c : components) {
                current = c.stateName();
                byte[] section = sections.remove(current);
                if (section == null) {
                    throw new IOException(
                            file + " has no '" + current + "' state: it was written by another kind of " + "run" + FIX);
                }
                DataInputStream sectionIn = new DataInputStream(new ByteArrayInputStream(section));
                c.load(sectionIn, manager);
                if (sectionIn.available() > 0) {
                    throw new IllegalArgumentException(
                            "'" + current + "' has " + sectionIn.available() + " bytes more than this model reads");
                }
            }
            return new Restored(step, sections);
        } catch (EOFException e) {
            String where = current == null ? "" : " (in its '" + current + "' state)";
            throw new IOException(
                    file + " ends early" + where + ": it is truncated or does not match this model" + FIX, e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not match this model: " + e.getMessage() + FIX, e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
