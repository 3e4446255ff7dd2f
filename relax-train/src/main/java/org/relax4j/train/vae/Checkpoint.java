package org.relax4j.train.vae;

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
import java.util.Locale;
import java.util.zip.CRC32;
import org.relax4j.core.estimator.GradientEstimator;
import org.relax4j.core.io.BlockParameters;
import org.relax4j.datasets.io.AtomicFiles;

/**
 * The binary checkpoint of a VAE run: model parameters, each layer's estimator state, both
 * optimizers' moments and step counts, the gradient-variance tracker, the step and the loop's
 * running state. Minibatches and estimator noise are pure functions of (seed, step), so no random
 * generator state is needed to continue exactly.
 *
 * <p>Layout: magic "RELAX4J-CKPT", format version, the run's configuration identity (must match on
 * restore), the payload, and a CRC-32 of everything before it. Written atomically (temp file,
 * then rename), so a crash while writing leaves the previous checkpoint intact.
 */
public final class Checkpoint {

    /** File name inside a run directory. */
    public static final String FILE = "checkpoint.bin";

    private static final byte[] MAGIC = "RELAX4J-CKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Checkpoint() {}

    /**
     * The training loop's own running state.
     *
     * @param windowElboSum sum of per-step ELBOs since the last metrics record
     * @param windowSteps steps since the last metrics record
     * @param skippedSteps non-finite steps skipped so far
     * @param bestValidIwae best validation IWAE so far (NaN if none)
     * @param bestValidStep step of the best validation IWAE (−1 if none)
     */
    public record Extra(double windowElboSum, long windowSteps, long skippedSteps, double bestValidIwae, long bestValidStep) {
        /** The state of a run that has not started. */
        public static Extra initial() {
            return new Extra(0, 0, 0, Double.NaN, -1);
        }
    }

    /** What {@link #read} restored. */
    public record Restored(long step, Extra extra) {}

    static void write(Path file, VaeSession session, long step, Extra extra) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.write(MAGIC);
        out.writeInt(VERSION);
        writeString(out, session.config().identity());
        out.writeLong(step);
        out.writeDouble(extra.windowElboSum());
        out.writeLong(extra.windowSteps());
        out.writeLong(extra.skippedSteps());
        out.writeDouble(extra.bestValidIwae());
        out.writeLong(extra.bestValidStep());
        session.model().saveParameters(out);
        out.writeInt(session.estimators().size());
        for (GradientEstimator e : session.estimators()) {
            e.saveState(out);
        }
        session.modelOptimizer().save(out);
        session.estimatorOptimizer().save(out);
        session.gradientVariance().save(out);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        AtomicFiles.write(file, buffer.toByteArray());
    }

    static Restored read(Path file, VaeSession session) throws IOException {
        return read(file, session, session.config(), false);
    }

    /**
     * Restores only the model parameters (and the step) of a checkpoint written by a run
     * configured as {@code writtenBy}; the session's estimators, optimizers and variance tracker
     * keep their fresh state. The model architecture must match.
     */
    static Restored readModel(Path file, VaeSession session, TrainConfig writtenBy) throws IOException {
        return read(file, session, writtenBy, true);
    }

    private static Restored read(Path file, VaeSession session, TrainConfig writtenBy, boolean modelOnly)
            throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no checkpoint at " + file + "; the run has not saved one yet (it saves every "
                    + "--checkpoint-every steps and on exit)", e);
        }
        String fix = "; restore it from a backup or start a new run (--out elsewhere)";
        if (bytes.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a Relax4J checkpoint (bad header)" + fix);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IOException(file + " is corrupt or truncated (checksum mismatch)" + fix);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length));
        try {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has checkpoint format " + version + "; this build reads format " + VERSION);
            }
            String identity = readString(in);
            if (!identity.equals(writtenBy.identity())) {
                throw new IOException(file + " was written by a run with a different configuration than "
                        + TrainConfig.FILE + " describes (model, estimator or options changed); resume with the "
                        + "original configuration");
            }
            if (modelOnly && writtenBy.model() != session.config().model()) {
                throw new IOException(file + " holds a " + writtenBy.model().name().toLowerCase(Locale.ROOT)
                        + " model; this session builds " + session.config().model().name().toLowerCase(Locale.ROOT)
                        + " (--model must match the run's)");
            }
            long step = in.readLong();
            Extra extra = new Extra(in.readDouble(), in.readLong(), in.readLong(), in.readDouble(), in.readLong());
            BlockParameters.load(session.model(), session.manager(), in);
            if (modelOnly) {
                return new Restored(step, extra);
            }
            int estimators = in.readInt();
            if (estimators != session.estimators().size()) {
                throw new IOException(file + " holds " + estimators + " estimators, the model has "
                        + session.estimators().size() + " stochastic layers");
            }
            for (GradientEstimator e : session.estimators()) {
                e.loadState(in);
            }
            session.modelOptimizer().load(in, session.manager());
            session.estimatorOptimizer().load(in, session.manager());
            session.gradientVariance().load(in, session.manager());
            return new Restored(step, extra);
        } catch (EOFException e) {
            throw new IOException(file + " ends early: it is truncated" + fix, e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not match this model: " + e.getMessage() + fix, e);
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
