/**
 * The dlsim application: the command line, and (later) actors, scenarios and reports. The only
 * module that imports Pekko, HOCON and picocli.
 */
package io.dlsim.simulator;
