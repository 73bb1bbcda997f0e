/**
 * What every settings record of dlsim uses to validate itself: {@link io.dlsim.topologies.settings.Problems}
 * collects every problem of one record (field names relative to the record, as a user writes
 * them: {@code step-size}, {@code hidden[1]}) and throws them together as an
 * {@link io.dlsim.topologies.settings.InvalidSettingsException}; the scenario binder adds the
 * path of the record in the file ({@code algorithm.step-size}). Plain Java, no YAML or Jackson:
 * the records that use it live in the maths modules.
 */
package io.dlsim.topologies.settings;
