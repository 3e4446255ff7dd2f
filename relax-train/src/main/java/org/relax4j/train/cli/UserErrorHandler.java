package org.relax4j.train.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns the exceptions a user can cause (bad files, bad options, unwritable paths, diverging
 * runs) into one clear line on stderr and exit status 1; anything else keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UserErrorHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parseResult) {
        Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (cause instanceof IOException
                || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            cli.getErr().println("error: " + cause.getMessage());
            LOG.debug("details", cause);
            return 1;
        }
        cli.getErr().println("error: " + cause);
        cause.printStackTrace(cli.getErr());
        return 2;
    }
}
