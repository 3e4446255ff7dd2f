package org.relax4j.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code relax4j} command: entry point of the command-line tool. */
@Command(
        name = "relax4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Gradient estimators for discrete latent variables (REINFORCE, Concrete, straight-through,",
            "REBAR, RELAX, ARM, DisARM, RLOO, VIMCO) and the models they train, on DJL + PyTorch."
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            DataCommand.class,
            ToyCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            FinetuneCvCommand.class,
            CompareCommand.class,
            SweepCommand.class,
            NondiffCommand.class,
        })
public final class Relax4jCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
            description = "print the stack trace of an error as well as its message")
    boolean debug;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line with Relax4J's error handling; used by {@link #main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Relax4jCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
