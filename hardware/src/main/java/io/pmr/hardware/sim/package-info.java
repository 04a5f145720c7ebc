/**
 * The simulated comms-hub test rig: {@link io.pmr.hardware.sim.SimulatedRig} generates, from a
 * {@link io.pmr.hardware.sim.RigScenario}'s seed, every start and end its HAN ports will report over a
 * month (Poisson starts per hub, per-region latency mixtures with tails across the TRT, lost responses,
 * failed ends, and deterministic edge cases at the month's edges in UK time and at TRT-1ms, TRT and
 * TRT+1ms), delivers them on a {@link io.pmr.hardware.sim.VirtualClock}, and keeps the
 * {@link io.pmr.hardware.sim.GroundTruth} of what really happened.
 *
 * <p>Internals: {@code EventGenerator} fills one {@code RegionEvents} (parallel primitive arrays sorted by
 * start) per region; {@code ObservationSchedule} merges all observations into delivery order;
 * {@code GroundTruth} counts from the events, never from what was delivered; {@code RigProfile} holds the
 * tunable rates and distributions.
 */
package io.pmr.hardware.sim;
