package org.relax4j.train.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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

/**
 * A {@code metrics.jsonl} file: one JSON object per line, appended and flushed as a run goes,
 * so that a crash loses at most the line being written.
 */
public final class MetricsLog implements Closeable {

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
     * (used on resume to drop lines logged after the checkpoint being resumed).
     */
    public static MetricsLog append(Path path, Predicate<JsonObject> keep) throws IOException {
        List<JsonObject> kept = new ArrayList<>();
        if (Files.exists(path)) {
            for (JsonObject o : read(path)) {
                if (keep.test(o)) {
                    kept.add(o);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (JsonObject o : kept) {
            sb.append(GSON.toJson(o)).append('\n');
        }
        AtomicFiles.writeString(path, sb.toString());
        return new MetricsLog(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** Appends one record. */
    public void log(Map<String, ?> record) throws IOException {
        writer.write(GSON.toJson(record));
        writer.write('\n');
        writer.flush();
    }

    /** The file this log writes. */
    public Path path() {
        return path;
    }

    /**
     * Reads every record of a metrics file. A final line cut short by a crash is ignored; any
     * other malformed line is an error naming the file and line.
     */
    public static List<JsonObject> read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<JsonObject> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                records.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (JsonParseException | IllegalStateException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IOException(
                        path + " line " + (i + 1) + " is not a JSON object (" + e.getMessage()
                                + "); the file is corrupt: delete that line or rerun.",
                        e);
            }
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
