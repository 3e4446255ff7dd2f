package org.relax4j.train.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.relax4j.train.listener.SummaryListener;
import org.relax4j.train.vae.TrainConfig;
import org.relax4j.train.vae.VaeTraining;

/**
 * Where a task's run directory stands: no run yet ({@link #NEW}), a run to continue with {@code
 * train --resume} ({@link #RESUMABLE}: interrupted, killed, or stopped before its first
 * checkpoint), or a run that completed its steps ({@link #FINISHED}).
 */
public enum TaskState {
    /** No run in the directory: start one. */
    NEW,
    /** A run that has not completed its steps: resume it. */
    RESUMABLE,
    /** A run whose summary says it completed at least the steps asked for. */
    FINISHED;

    /**
     * The state of the run in {@code dir}; {@code steps} is the total the task asks for, or null to
     * take the run's own (from its config.json).
     */
    public static TaskState of(Path dir, Long steps) throws IOException {
        if (!VaeTraining.isRunDirectory(dir)) {
            return NEW;
        }
        Path summary = dir.resolve(SummaryListener.FILE);
        if (!Files.exists(summary)) {
            return RESUMABLE;
        }
        long target = steps != null ? steps : TrainConfig.read(dir).steps();
        JsonObject s;
        try {
            s = JsonParser.parseString(Files.readString(summary, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            return RESUMABLE; // a summary cut short: the checkpoint decides
        }
        JsonElement completed = s.get("completed");
        JsonElement done = s.get("steps");
        boolean finished = completed != null
                && completed.isJsonPrimitive()
                && completed.getAsBoolean()
                && done != null
                && done.isJsonPrimitive()
                && done.getAsLong() >= target;
        return finished ? FINISHED : RESUMABLE;
    }
}
