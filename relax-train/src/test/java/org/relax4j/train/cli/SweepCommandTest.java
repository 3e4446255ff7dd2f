package org.relax4j.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code relax4j sweep}: the listing, the emitted Kubernetes Indexed Job (read back with fabric8's
 * typed Kubernetes model) and Slurm array script (checked with {@code bash -n}), and bad grids.
 */
class SweepCommandTest {

    private static final String GRID = "name: l1-sweep\n"
            + "base: {model: linear, steps: 20000}\n"
            + "grid: {estimator: [rebar, relax], seed: [0, 1, 2]}\n";

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        CommandLine cli = Relax4jCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = cli.execute(args);
            return new Result(
                    status, out.toString(StandardCharsets.UTF_8), err.toString().strip());
        } finally {
            System.setOut(saved);
        }
    }

    private Path grid(String text) throws IOException {
        return Files.writeString(tmp.resolve("l1.yaml"), text);
    }

    @Test
    void listPrintsOneLinePerTask() throws IOException {
        Path g = grid(GRID);
        Result r = run(
                "sweep", g.toString(), "--list", "--runs", tmp.resolve("runs").toString());
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(6, lines.length, r.out());
        assertEquals(
                "4\t" + tmp.resolve("runs/l1-sweep/relax-seed1")
                        + "\tnew\tmodel=linear steps=20000 estimator=relax seed=1",
                lines[4]);
    }

    @Test
    void kubernetesIndexedJob() throws IOException {
        Path g = grid(GRID);
        Result r = run(
                "sweep",
                g.toString(),
                "--emit",
                "kubernetes",
                "--image",
                "registry.example/relax4j:cpu-1",
                "--parallelism",
                "2");
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> docs = documents(r.out());
        assertEquals(2, docs.size());
        assertFalse(r.out().contains("&id"), "plain YAML, no aliases");
        JsonMapper json = JsonMapper.builder().build();
        ConfigMap configMap = json.convertValue(docs.get(0), ConfigMap.class);
        Job job = json.convertValue(docs.get(1), Job.class);

        assertEquals("relax4j-l1-sweep", job.getMetadata().getName());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(6, job.getSpec().getCompletions());
        assertEquals(2, job.getSpec().getParallelism());
        assertEquals(3, job.getSpec().getBackoffLimitPerIndex());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
        Container c = pod.getContainers().get(0);
        assertEquals("registry.example/relax4j:cpu-1", c.getImage());
        assertEquals(List.of("relax4j"), c.getCommand());
        assertEquals(
                List.of("sweep", "/config/l1.yaml", "--index", "$(JOB_COMPLETION_INDEX)", "--runs", "/workspace/runs"),
                c.getArgs());
        assertFalse(c.getResources().getLimits().containsKey("nvidia.com/gpu"), "no GPU asked for");

        Map<String, String> mounts = new java.util.HashMap<>();
        c.getVolumeMounts().forEach(m -> mounts.put(m.getName(), m.getMountPath()));
        assertEquals(Map.of("grid", "/config", "data", "/data", "runs", "/workspace/runs"), mounts);
        Map<String, Volume> volumes = new java.util.HashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        assertEquals(
                "relax4j-data", volumes.get("data").getPersistentVolumeClaim().getClaimName());
        assertEquals(
                "relax4j-runs", volumes.get("runs").getPersistentVolumeClaim().getClaimName());
        assertEquals(
                configMap.getMetadata().getName(),
                volumes.get("grid").getConfigMap().getName());
        assertEquals(GRID, configMap.getData().get("l1.yaml"), "the ConfigMap holds the grid file as it is");
    }

    @Test
    void kubernetesRequestsAGpuWhenTheGridAsksForOne() throws IOException {
        Path g = grid("name: g\nbase: {device: gpu}\ngrid: {seed: [0, 1]}\n");
        Result r = run("sweep", g.toString(), "--emit", "kubernetes");
        assertEquals(0, r.status(), r.err());
        Job job = JsonMapper.builder().build().convertValue(documents(r.out()).get(1), Job.class);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(2, job.getSpec().getParallelism(), "default parallelism: every task");
        assertEquals("relax4j:cpu", c.getImage(), "default image");
    }

    @Test
    void slurmArrayScriptPassesBashSyntaxCheck() throws Exception {
        Path g = grid("name: g\nbase: {device: gpu}\ngrid: {estimator: [rebar, relax], seed: [0, 1, 2]}\n");
        Result r = run("sweep", g.toString(), "--emit", "slurm", "--parallelism", "2");
        assertEquals(0, r.status(), r.err());
        String script = r.out();
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertTrue(script.contains("\n#SBATCH --array=0-5%2\n"), script);
        assertTrue(script.contains("\n#SBATCH --requeue\n"), script);
        assertTrue(script.contains("\n#SBATCH --gres=gpu:1\n"), script);
        assertTrue(script.contains("relax4j sweep " + g + " --index \"$SLURM_ARRAY_TASK_ID\" --runs runs\n"), script);
        Path file = Files.writeString(tmp.resolve("sweep.sbatch"), script);
        Process p = new ProcessBuilder("bash", "-n", file.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void badGridsAreOneLineErrorsBeforeAnyTaskRuns() throws IOException {
        assertError(
                "name: s\nbase: {stepz: 10}\n",
                "--list",
                "key 'stepz' is not an option of relax4j train (did you mean 'steps'?)");
        assertError(
                "name: s\ngrid: {batch: [8, many]}\n",
                "--list",
                "grid: key 'batch' has a bad value: 'many' is not an int");
        assertError("name: s\nbase: {out: x}\n", "--list", "key 'out' cannot be set");
        assertError("name: s\ngrid: {seed: [0]}\n", "--index=3", "task index 3 is out of range");
        Path g = grid("name: s\n");
        Result none = run("sweep", g.toString());
        assertEquals(1, none.status());
        assertTrue(none.err().contains("give exactly one of --list"), none.err());
        Result two = run("sweep", g.toString(), "--list", "--index", "0");
        assertEquals(1, two.status());
        assertTrue(two.err().contains("give exactly one of --list"), two.err());
    }

    @Test
    void aTaskGetsEachTrainOptionOnceEvenWhenTheGridSetsNoProgress() throws IOException {
        Path g = grid("name: s\nbase: {model: linear, steps: 5, no-progress: true}\ngrid: {seed: [0, 1]}\n");
        List<List<String>> calls = new ArrayList<>();
        CommandLine cli = new CommandLine(new SweepCommand(
                args -> {
                    calls.add(args);
                    return 0;
                },
                null));
        assertEquals(
                0,
                cli.execute(
                        g.toString(),
                        "--index",
                        "1",
                        "--runs",
                        tmp.resolve("runs").toString()));
        assertEquals(1, calls.size());
        List<String> args = calls.get(0);
        assertEquals(1, args.stream().filter(a -> a.startsWith("--no-progress")).count(), args.toString());
        assertTrue(
                args.containsAll(List.of(
                        "--seed", "1", "--out", tmp.resolve("runs/s/seed1").toString())),
                args.toString());
    }

    private void assertError(String yaml, String mode, String expected) throws IOException {
        Path g = grid(yaml);
        Result r =
                run("sweep", g.toString(), mode, "--runs", tmp.resolve("runs").toString());
        assertEquals(1, r.status(), yaml + " -> " + r.err());
        assertTrue(r.err().contains(expected), yaml + " -> " + r.err());
        assertFalse(r.err().contains("\n"), r.err());
        assertFalse(Files.exists(tmp.resolve("runs")), "a task ran");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            docs.add((Map<String, Object>) d);
        }
        return docs;
    }
}
