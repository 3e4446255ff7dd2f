package org.relax4j.train.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.relax4j.train.vae.CrashChildMain;
import org.relax4j.train.vae.TrainConfig;
import picocli.CommandLine;

/**
 * Test-only entry point: {@code relax4j sweep} whose tasks train on synthetic data (the real
 * command verifies the MNIST checksums, which synthetic files cannot pass). A task's {@code train}
 * arguments are parsed by train's own parser; a fresh task trains {@link CrashChildMain}'s tiny
 * configuration with the task's seed and steps, a resumed one continues its directory's run.
 *
 * <p>Arguments: those of {@code relax4j sweep} (a leading "sweep" is skipped, as the local runner
 * passes it to its children).
 */
public final class SweepChildMain {

    private SweepChildMain() {}

    /** Runs the sweep command with synthetic-data tasks and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("sweep")) {
            a.remove(0);
        }
        System.exit(command().execute(a.toArray(String[]::new)));
    }

    /** The sweep command with synthetic-data tasks, children running this class. */
    static CommandLine command() {
        CommandLine cli = new CommandLine(new SweepCommand(SweepChildMain::train, SweepChildMain.class.getName()));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }

    /** {@code relax4j train ARGS} on synthetic data; 0 when the run completes. */
    private static int train(List<String> args) {
        CommandLine cli = TrainSettings.trainParser();
        cli.parseArgs(args.subList(1, args.size()).toArray(String[]::new)); // drop "train"
        TrainCommand t = cli.getCommand();
        try {
            if (t.resume != null) {
                TrainConfig stored = TrainConfig.read(t.resume);
                TrainConfig config = t.steps == null
                        ? stored
                        : stored.toBuilder().optSteps(t.steps).build();
                CrashChildMain.train(t.resume, config, true);
            } else {
                TrainConfig config = CrashChildMain.config(t.steps).toBuilder()
                        .optSeed(t.seed)
                        .build();
                CrashChildMain.train(Path.of(t.out.toString()), config, false);
            }
            return 0;
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }
}
