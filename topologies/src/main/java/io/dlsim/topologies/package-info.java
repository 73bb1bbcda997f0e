/**
 * Communication topologies for decentralized learning: graphs ({@code graph}), mixing matrices
 * ({@code mixing}), their spectra ({@code spectra}) and time-varying mixing schedules
 * ({@code schedule}), plus {@link io.dlsim.topologies.TopologyFactory}, which builds any of
 * them from a type name and parameters as written on the command line or in a scenario file;
 * {@link io.dlsim.topologies.TopologySettings}, a scenario's topology section as one record per
 * schedule; {@link io.dlsim.topologies.UserInputException}, the one type of user error of every
 * module; and {@code settings}, the checks and type registries every settings record uses.
 *
 * <p>Plain Java (nd4j only for dense spectra): no actors, no threads, no global state, no I/O
 * beyond the explicit graph file reader/writer. Must not depend on any other dlsim module.
 */
package io.dlsim.topologies;
