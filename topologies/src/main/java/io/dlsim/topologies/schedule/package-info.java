/**
 * Time-varying mixing schedules W(t): static, one-peer exponential, random perfect matchings,
 * random edge activation, and phases (e.g. a dense graph early, a ring later: consensus control
 * early in training). Every random schedule is a pure function of its seed and the round, so
 * any engine on any machine sees the same W(t). Depends on {@code graph} and {@code mixing}.
 */
package io.dlsim.topologies.schedule;
