/**
 * Running an experiment: from validated {@link io.dlsim.simulator.scenario.Scenario}s to data,
 * nodes, an engine run, results folders, the experiment report and live metrics. The glue
 * between the scenario layer, the engines and the report; no maths of its own.
 */
package io.dlsim.simulator.run;
