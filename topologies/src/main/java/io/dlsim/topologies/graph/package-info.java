/**
 * Graphs over nodes {@code 0..n-1} and their generators (ring, grid, exponential, random
 * graphs, ...) and the graph file format. Pure maths; depends only on the JDK.
 */
package io.dlsim.topologies.graph;
