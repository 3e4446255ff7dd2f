package org.relax4j.train.cli;

import picocli.CommandLine;

/** Reports the Relax4J version and the DJL/PyTorch versions it is built against. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Relax4jCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "relax4j " + (version == null ? "(development build)" : version), "DJL 0.35.1, PyTorch 2.7.1"
        };
    }
}
