/**
 * The {@code dlsim} command line (picocli): subcommands, argument validation, output formats
 * and exit codes (0 success; 2 user error, a {@link io.dlsim.topologies.UserInputException},
 * with one clear line on stderr; 1 failed run or I/O, one line; 1 internal error, with the
 * stack trace). Every check of user input here throws {@code UserInputException}; where user
 * input goes into a library check, the command converts at that boundary.
 * Holds no maths of its own: it calls the topologies, algorithms and metrics modules.
 */
package io.dlsim.simulator.cli;
