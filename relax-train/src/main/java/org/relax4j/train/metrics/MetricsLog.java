package org.relax4j.train.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.relax4j.datasets.io.AtomicFiles;
import org.relax4j.datasets.io.IoErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code metrics.jsonl} file: one JSON object per line, appended and flushed as a run goes,
 * so that a crash loses at most the line being written.
 */
public final class MetricsLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    /** The metrics file of a run directory. */
    public static final String FILE = "metrics.jsonl";

    /** Gson configured the way all Relax4J JSON files are written (NaN allowed, pretty off). */
    public static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path path;
    private final BufferedWriter writer;

    private MetricsLog(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    /** Creates (or truncates) {@code path}. */
    public static MetricsLog create(Path path) throws IOException {
        AtomicFiles.ensureWritableDirectory(path.toAbsolutePath().getParent());
        return new MetricsLog(
                path,
                Files.newBufferedWriter(
                        path,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE));
    }

    /**
     * Opens {@code path} for appending after keeping only the records accepted by {@code keep}
     * (used on resume to drop lines logged after the checkpoint being resumed). Every record
     * must have a numeric {@code "step"}. A last line cut short by a crash (unparseable, or
     * without its newline) is removed with a warning naming the file and the step of the last
     * complete record, so the file stays valid JSON lines.
     */
    public static MetricsLog append(Path path, Predicate<JsonObject> keep) throws IOException {
        List<JsonObject> kept = new ArrayList<>();
        if (Files.exists(path)) {
            Contents contents = readContents(path);
            for (JsonObject o : contents.records()) {
                requireStep(path, o);
                if (keep.test(o)) {
                    kept.add(o);
                }
            }
            if (contents.cutLine() > 0) {
                JsonObject last = contents.records().isEmpty()
                        ? null
                        : contents.records().get(contents.records().size() - 1);
                LOG.warn(
                        "{}: line {} was cut short (the run stopped while writing it); removed it, the last complete "
                                + "record is {}",
                        path,
                        contents.cutLine(),
                        last == null ? "none" : "step " + last.get("step"));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (JsonObject o : kept) {
            sb.append(GSON.toJson(o)).append('\n');
        }
        AtomicFiles.writeString(path, sb.toString());
        return new MetricsLog(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /**
     * Checks, before anything is written, that {@code path} can continue a run resumed from a
     * checkpoint at {@code checkpointStep}: every record has a numeric step, and the records up to
     * the checkpoint are all there — the last complete one is at least {@code lastLoggedStep}, the
     * last step at or before the checkpoint at which the run logged. A record cut short after the
     * checkpoint is a crash's trace and is repaired by {@link #append}; one missing before it means
     * the file was cut or edited, and continuing would lose history.
     *
     * @param path the metrics file
     * @param checkpointStep the step of the checkpoint being resumed
     * @param lastLoggedStep the last step at or before {@code checkpointStep} that was logged (0: none)
     * @throws IOException naming the file and the fix if it cannot continue the run
     */
    public static void checkResumable(Path path, long checkpointStep, long lastLoggedStep) throws IOException {
        if (!Files.exists(path)) {
            if (lastLoggedStep > 0) {
                throw new IOException(path + " is missing but the checkpoint is at step " + checkpointStep
                        + "; restore it from a backup or start a new run (--out elsewhere)");
            }
            return;
        }
        long last = -1;
        for (JsonObject o : readContents(path).records()) {
            requireStep(path, o);
            long step = o.get("step").getAsLong();
            if (step <= checkpointStep) {
                last = Math.max(last, step);
            }
        }
        if (lastLoggedStep > 0 && last < lastLoggedStep) {
            throw new IOException(path + " ends at " + (last < 0 ? "no record" : "step " + last)
                    + " but the checkpoint is at step " + checkpointStep + ": the records up to step "
                    + lastLoggedStep + " are missing (the file was cut or edited); restore it from a backup or "
                    + "start a new run (--out elsewhere)");
        }
    }

    /** Checks that {@code record} of {@code path} has a numeric step. */
    private static void requireStep(Path path, JsonObject record) throws IOException {
        JsonElement step = record.get("step");
        if (step == null
                || !step.isJsonPrimitive()
                || !step.getAsJsonPrimitive().isNumber()) {
            String shown = GSON.toJson(record);
            if (shown.length() > 80) {
                shown = shown.substring(0, 77) + "...";
            }
            throw new IOException(path + ": a record has no numeric \"step\" (" + shown + "); fix or delete that line, "
                    + "or start a new run");
        }
    }

    /** Appends one record. */
    public void log(Map<String, ?> record) throws IOException {
        try {
            writer.write(GSON.toJson(record));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw IoErrors.describe(path, e);
        }
    }

    /** The file this log writes. */
    public Path path() {
        return path;
    }

    /**
     * Reads every record of a metrics file. A final line cut short by a crash (or still being
     * written) is ignored; any other malformed line is an error naming the file and line.
     */
    public static List<JsonObject> read(Path path) throws IOException {
        return readContents(path).records();
    }

    /** The records of a metrics file and the number of its last line if that was cut short (else 0). */
    private record Contents(List<JsonObject> records, int cutLine) {}

    private static Contents readContents(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.describe(path, e);
        }
        List<String> lines = text.lines().toList();
        List<JsonObject> records = new ArrayList<>(lines.size());
        int cutLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean last = i == lines.size() - 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                records.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (JsonParseException | IllegalStateException e) {
                if (last) {
                    cutLine = i + 1;
                    break;
                }
                throw new IOException(
                        path + " line " + (i + 1) + " is not a JSON object; the file is corrupt: fix or delete that "
                                + "line, or start a new run",
                        e);
            }
        }
        return new Contents(records, cutLine);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
