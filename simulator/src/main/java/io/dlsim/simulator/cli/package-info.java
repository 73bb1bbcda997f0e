/**
 * The {@code dlsim} command line (picocli): subcommands, argument validation, output formats
 * and exit codes (0 success, 2 user error with one clear line on stderr, 1 internal error).
 * Holds no maths of its own: it calls the topologies, algorithms and metrics modules.
 */
package io.dlsim.simulator.cli;
