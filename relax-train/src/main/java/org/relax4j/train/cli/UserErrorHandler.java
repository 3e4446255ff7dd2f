package org.relax4j.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.relax4j.datasets.io.IoErrors;
import picocli.CommandLine;

/**
 * Turns the exceptions a user can cause (bad files, bad options, unwritable paths, full disks,
 * diverging runs) into one clear line on stderr and exit status 1. Anything else is a bug: one
 * line and exit status 2. The stack trace is printed only with {@code --debug}.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Exit status of a user error. */
    static final int USER_ERROR = 1;

    /** Exit status of an internal error. */
    static final int INTERNAL_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        Throwable cause = unwrap(ex);
        boolean debug = debug(parseResult);
        String message = userMessage(cause);
        int status;
        if (message != null) {
            cli.getErr().println("error: " + message);
            status = USER_ERROR;
        } else {
            cli.getErr()
                    .println("error: internal error: " + cause
                            + (debug ? "" : "; rerun with --debug for the stack trace and report it"));
            status = INTERNAL_ERROR;
        }
        if (debug) {
            ex.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return status;
    }

    /** The one-line message of a user error, or null if {@code t} is not one. */
    static String userMessage(Throwable t) {
        if (t instanceof IOException io) {
            String described = IoErrors.message(null, io);
            if (described != null) {
                return described;
            }
            return io.getMessage() != null ? io.getMessage() : null;
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return t.getMessage();
        }
        return null;
    }

    /** Strips the wrappers that only carry another exception (unchecked IO, reflection, futures). */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null
                && c.getCause() != c
                && (c instanceof UncheckedIOException
                        || c instanceof CommandLine.ExecutionException
                        || c instanceof InvocationTargetException
                        || c instanceof UndeclaredThrowableException
                        || c instanceof ExecutionException
                        || c instanceof CompletionException
                        || (c.getClass() == RuntimeException.class
                                && (c.getMessage() == null
                                        || c.getMessage().equals(c.getCause().toString()))))) {
            c = c.getCause();
        }
        return c;
    }

    /** Whether {@code --debug} was given on the top command or any subcommand. */
    static boolean debug(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
