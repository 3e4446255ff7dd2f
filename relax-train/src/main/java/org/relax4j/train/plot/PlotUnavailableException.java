package org.relax4j.train.plot;

import java.io.IOException;

/**
 * Plots cannot be rendered on this machine (Java's headless AWT found no fonts or font
 * libraries). Commands treat this as a warning: metrics, summaries and checkpoints are written
 * regardless.
 */
public final class PlotUnavailableException extends IOException {

    PlotUnavailableException(Throwable cause) {
        super(
                "cannot render plots on this machine (" + cause + "); install fontconfig and a font "
                        + "(Debian: apt-get install fontconfig fonts-dejavu-core) to get the PNG charts",
                cause);
    }
}
