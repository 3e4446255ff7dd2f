package org.relax4j.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class MetricsLogTest {

    /**
     * A last line cut mid-way by a crash is removed on resume with a warning naming the file and
     * the last complete step; the file stays valid JSON lines and appending continues cleanly.
     */
    @Test
    void cutLastLineIsRemovedWithAWarning(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":100,\"x\":1.5}\n{\"step\":200,\"x\":2.5}\n{\"step\":300,\"x\":3.");
        Logger logger = (Logger) LoggerFactory.getLogger(MetricsLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (MetricsLog log = MetricsLog.append(file, r -> true)) {
            log.log(Map.of("step", 300, "x", 3.5));
        } finally {
            logger.detachAppender(appender);
        }
        List<String> warnings = appender.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(file.toString()))
                .toList();
        assertEquals(1, warnings.size(), appender.list.toString());
        assertTrue(warnings.get(0).contains("line 3") && warnings.get(0).contains("step 200"), warnings.get(0));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        for (String l : lines) {
            JsonParser.parseString(l).getAsJsonObject();
        }
        assertEquals(300, MetricsLog.read(file).get(2).get("step").getAsInt());
    }

    /** A bad line in the middle, or a record without a step, is an error naming the file and the line. */
    @Test
    void badMiddleLineAndMissingStepAreErrors(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":100}\n{\"step\":2\n{\"step\":300}\n");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.append(file, r -> true));
        assertTrue(e.getMessage().startsWith(file + " line 2 "), e.getMessage());
        Files.writeString(file, "{\"step\":100}\n{\"x\":2}\n");
        IOException noStep = assertThrows(IOException.class, () -> MetricsLog.append(file, r -> true));
        assertTrue(
                noStep.getMessage().startsWith(file + ": a record has no numeric \"step\"")
                        && noStep.getMessage().contains("fix or delete that line"),
                noStep.getMessage());
    }
}
