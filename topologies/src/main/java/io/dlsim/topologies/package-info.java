/**
 * Communication topologies for decentralized learning: graphs ({@code graph}), mixing matrices
 * ({@code mixing}), their spectra ({@code spectra}) and time-varying mixing schedules
 * ({@code schedule}), plus {@link io.dlsim.topologies.TopologyFactory}, which builds any of
 * them from a type name and parameters as written on the command line or in a scenario file.
 *
 * <p>Plain Java (nd4j only for dense spectra): no actors, no threads, no global state, no I/O
 * beyond the explicit graph file reader/writer. Must not depend on any other dlsim module.
 */
package io.dlsim.topologies;
