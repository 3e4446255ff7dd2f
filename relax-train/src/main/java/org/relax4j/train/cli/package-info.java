/** The {@code relax4j} command line (picocli): one class per subcommand. */
package org.relax4j.train.cli;
