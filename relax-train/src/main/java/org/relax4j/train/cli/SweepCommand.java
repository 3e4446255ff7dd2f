package org.relax4j.train.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relax4j.train.sweep.ClusterSettings;
import org.relax4j.train.sweep.KubernetesJob;
import org.relax4j.train.sweep.LocalSweep;
import org.relax4j.train.sweep.SlurmScript;
import org.relax4j.train.sweep.SweepGrid;
import org.relax4j.train.sweep.SweepTask;
import org.relax4j.train.sweep.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relax4j sweep}: the training runs of a grid file, listed, run here, or emitted for a cluster. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a grid of training runs. GRID is YAML or JSON, e.g.",
            "  name: l1-sweep",
            "  base: {model: linear, steps: 20000}",
            "  grid: {estimator: [rebar, relax], seed: [0, 1, 2]}",
            "Keys are `relax4j train` options without the leading --. The tasks are the",
            "product of the grid's lists, the last key varying fastest: 0 rebar/seed 0,",
            "1 rebar/1, 2 rebar/2, 3 relax/0, ... Task i runs in RUNS/<name>/<values>,",
            "e.g. runs/l1-sweep/rebar-seed0 (a text value stands alone, a number follows",
            "its key). A finished task is skipped, an unfinished one resumed.",
            "Give exactly one of --list, --local, --index, --emit (docs/sweeps.md)."
        })
public final class SweepCommand implements Callable<Integer> {

    /** The sweep's targets on a cluster. */
    enum Target {
        KUBERNETES,
        SLURM
    }

    @Parameters(index = "0", paramLabel = "GRID", description = "the grid file (YAML or JSON)")
    Path gridFile;

    @Option(names = "--list", description = "print one line per task: index, run directory, state and options")
    boolean list;

    @Option(names = "--local", paramLabel = "N", description = "run the tasks here, N at a time (child processes)")
    Integer local;

    @Option(
            names = "--index",
            paramLabel = "I",
            description = "run task I in this process (how a cluster runs each task)")
    Integer index;

    @Option(
            names = "--emit",
            paramLabel = "kubernetes|slurm",
            description = "print a Kubernetes Indexed Job (with the grid in a ConfigMap) or a Slurm array script")
    Target emit;

    @Option(
            names = "--runs",
            paramLabel = "DIR",
            defaultValue = "runs",
            description = "root of the run directories (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(
            names = "--image",
            paramLabel = "IMAGE",
            defaultValue = "relax4j:cpu",
            description = "container image of the Kubernetes Job (default: ${DEFAULT-VALUE})")
    String image;

    @Option(
            names = "--parallelism",
            paramLabel = "P",
            description = "--emit: the most tasks running at once (default: all)")
    Integer parallelism;

    @Option(
            names = "--retries",
            paramLabel = "N",
            defaultValue = "3",
            description =
                    "--emit kubernetes: retries of each failed task (backoffLimitPerIndex; default: ${DEFAULT-VALUE})")
    int retries;

    @Option(
            names = "--data-claim",
            paramLabel = "CLAIM",
            defaultValue = "relax4j-data",
            description =
                    "--emit kubernetes: persistent volume claim holding the data, at /data (default: ${DEFAULT-VALUE})")
    String dataClaim;

    @Option(
            names = "--runs-claim",
            paramLabel = "CLAIM",
            defaultValue = "relax4j-runs",
            description = "--emit kubernetes: persistent volume claim for the runs, at /workspace/runs "
                    + "(default: ${DEFAULT-VALUE})")
    String runsClaim;

    /** The option choosing cpu or gpu. */
    private static final String DEVICE = "device";

    private final Function<List<String>, Integer> train;
    private final String childMainClass;

    /** The command: a task runs {@code relax4j train} in this process, children are {@code relax4j} JVMs. */
    public SweepCommand() {
        this(args -> Relax4jCommand.newCommandLine().execute(args.toArray(String[]::new)), null);
    }

    /**
     * A command whose tasks run with {@code train} (given train's arguments) and whose local children
     * run {@code childMainClass} (null: the {@code relax4j} command); for tests.
     */
    SweepCommand(Function<List<String>, Integer> train, String childMainClass) {
        this.train = train;
        this.childMainClass = childMainClass;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        int modes = (list ? 1 : 0) + (local != null ? 1 : 0) + (index != null ? 1 : 0) + (emit != null ? 1 : 0);
        if (modes != 1) {
            throw new IllegalArgumentException("give exactly one of --list, --local N, --index I and --emit "
                    + "kubernetes|slurm (see relax4j sweep --help)");
        }
        SweepGrid grid = SweepGrid.read(gridFile);
        checkOptions(grid);
        if (list) {
            for (SweepTask t : grid.tasks()) {
                System.out.printf(
                        "%d\t%s\t%s\t%s%n",
                        t.index(),
                        runs.resolve(t.dir()),
                        TaskState.of(runs.resolve(t.dir()), steps(grid, t))
                                .name()
                                .toLowerCase(Locale.ROOT),
                        t.optionsText());
            }
            return 0;
        }
        if (index != null) {
            return runTask(grid, grid.task(index));
        }
        if (local != null) {
            return runLocally(grid);
        }
        ClusterSettings settings = new ClusterSettings(
                image, parallelism == null ? grid.size() : parallelism, retries, dataClaim, runsClaim, usesGpu(grid));
        if (emit == Target.KUBERNETES) {
            String text = Files.readString(gridFile, StandardCharsets.UTF_8);
            System.out.print(KubernetesJob.manifest(grid, text, settings));
        } else {
            System.out.print(SlurmScript.script(grid, gridFile.toString(), runs.toString(), settings));
        }
        return 0;
    }

    /**
     * Checks every option of the base and every grid value as {@code relax4j train} would, so that
     * a bad grid fails here, before any task runs.
     */
    private static void checkOptions(SweepGrid grid) throws IOException {
        String source = grid.file().toString();
        for (String key : grid.base().keySet()) {
            refuseOut(grid, key);
        }
        TrainSettings.of(source + ": base", grid.base());
        for (Map.Entry<String, List<Object>> e : grid.grid().entrySet()) {
            refuseOut(grid, e.getKey());
            for (Object v : e.getValue()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put(e.getKey(), v);
                TrainSettings.of(source + ": grid", one);
            }
        }
    }

    private static void refuseOut(SweepGrid grid, String key) {
        if ("out".equals(key)) {
            throw new IllegalArgumentException(grid.file() + ": key 'out' cannot be set: each task runs in " + "RUNS/"
                    + grid.name() + "/<grid values> (choose RUNS with --runs); remove the key");
        }
    }

    /** Runs, resumes or skips task {@code t} in this process; its exit status. */
    private int runTask(SweepGrid grid, SweepTask t) throws IOException {
        List<TrainSettings.Setting> settings = TrainSettings.of(grid.file() + ": task " + t.index(), t.options());
        Long steps = steps(settings);
        Path dir = runs.resolve(t.dir());
        TaskState state = TaskState.of(dir, steps);
        List<String> args = new ArrayList<>(List.of("train"));
        switch (state) {
            case FINISHED -> {
                System.out.println("task " + t.index() + ": " + dir + " is finished");
                return 0;
            }
            case RESUMABLE -> {
                args.addAll(List.of("--resume", dir.toString()));
                if (steps != null) {
                    args.addAll(List.of("--steps", steps.toString()));
                }
            }
            case NEW -> {
                args.addAll(TrainSettings.args(settings));
                args.addAll(List.of("--out", dir.toString()));
            }
        }
        if (args.stream().noneMatch(a -> a.startsWith("--no-progress"))) {
            args.add("--no-progress"); // a grid may set it too: picocli refuses a flag given twice
        }
        System.out.println("task " + t.index() + ": " + (state == TaskState.NEW ? "starting " : "resuming ") + dir
                + " (" + t.optionsText() + ")");
        System.out.flush();
        return train.apply(args);
    }

    /** Runs the unfinished tasks here, {@code local} at a time; a failed task is an error naming its log. */
    private int runLocally(SweepGrid grid) throws IOException, InterruptedException {
        List<SweepTask> pending = new ArrayList<>();
        for (SweepTask t : grid.tasks()) {
            if (TaskState.of(runs.resolve(t.dir()), steps(grid, t)) == TaskState.FINISHED) {
                System.out.println("task " + t.index() + " " + t.dir() + ": finished, skipped");
            } else {
                pending.add(t);
            }
        }
        List<SweepTask> failed =
                LocalSweep.run(pending, local, t -> runs.resolve(t.dir()), this::startChild, System.out);
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " of " + pending.size() + " tasks failed ("
                    + failed.stream()
                            .map(t -> t.index() + ": " + runs.resolve(t.dir()).resolve(LocalSweep.LOG_FILE))
                            .collect(Collectors.joining(", "))
                    + "); fix the cause and run the same command again (finished tasks are skipped, the others"
                    + " resume)");
        }
        System.out.println("all " + grid.size() + " tasks of " + grid.name() + " are finished; compare them with "
                + "relax4j compare --runs " + runs.resolve(grid.name()) + "/*");
        return 0;
    }

    /** A child JVM running {@code relax4j sweep GRID --index I} with this JVM's options and class path. */
    private Process startChild(SweepTask t, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
                command.add(a);
            }
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                childMainClass != null ? childMainClass : Relax4jCommand.class.getName(),
                "sweep",
                gridFile.toString(),
                "--index",
                Integer.toString(t.index()),
                "--runs",
                runs.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    private static Long steps(SweepGrid grid, SweepTask t) throws IOException {
        return steps(TrainSettings.of(grid.file() + ": task " + t.index(), t.options()));
    }

    /** The total steps the settings ask for, or null if they leave it to the run. */
    private static Long steps(List<TrainSettings.Setting> settings) {
        return settings.stream()
                .filter(s -> s.option().longestName().equals("--steps"))
                .map(s -> (Long) s.value())
                .findFirst()
                .orElse(null);
    }

    /** Whether the base or a grid value asks for {@code device: gpu}. */
    private static boolean usesGpu(SweepGrid grid) {
        List<Object> devices = new ArrayList<>(grid.grid().getOrDefault(DEVICE, List.of()));
        devices.add(grid.base().get(DEVICE));
        return devices.stream().anyMatch(d -> "gpu".equalsIgnoreCase(String.valueOf(d)));
    }
}
