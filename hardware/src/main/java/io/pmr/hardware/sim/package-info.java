/**
 * The simulated comms-hub test rig: {@link io.pmr.hardware.sim.SimulatedRig} generates, from a
 * {@link io.pmr.hardware.sim.RigScenario}'s seed, every start and end its HAN ports will report over a
 * month (Poisson starts per hub, per-region latency mixtures with tails across the TRT, lost responses,
 * failed ends, and deterministic edge cases at the month's edges in UK time and at TRT-1ms, TRT and
 * TRT+1ms), delivers them on a {@link io.pmr.hardware.sim.VirtualClock}, and keeps the
 * {@link io.pmr.hardware.sim.GroundTruth} of what really happened.
 *
 * <p>With {@link io.pmr.hardware.sim.RigScenario#withWholeSimulation()} it also makes every other kind an
 * agent sees, each with its truth: Category 1 firmware payloads per hub with retries
 * ({@link io.pmr.hardware.sim.RatioRow}), power outages of 1 to 5,000 hubs
 * ({@link io.pmr.hardware.sim.OutageTruth}, {@link io.pmr.hardware.sim.OutageFigures}; both in
 * {@link io.pmr.hardware.sim.DeviceTruth}), DSP and SMETS1 (S1SP) service timings (rows of {@code GroundTruth}) and
 * the SMWAN connectivity level's daily hub checks ({@link io.pmr.hardware.sim.LevelRow}, hub-days by
 * {@link io.pmr.model.SmwanLevelRule}). Per-device
 * starts reach listeners through {@link io.pmr.hardware.HanListener#onDeviceStart}. Without it the rig makes
 * exactly the classic events, observations and truth it made before.
 *
 * <p>Internals: {@code DayStream} generates, with {@code EventGenerator}'s seeded streams, one UK day of
 * events at a time, one {@code RegionEvents} (parallel primitive arrays sorted by start) per region, so the
 * rig's memory does not grow with the month; {@code DaySchedule} merges a day's observations (and the ends
 * carried from earlier days) into delivery order; {@code GroundTruth} counts from the events generated, never from
 * what listeners observed ({@code RigFrame.Tally}: from the days as they are loaded for delivery, or, when the truth
 * is asked for before the last day, by a pass of its own over the days); {@code RigProfile} holds the
 * tunable rates and distributions; {@code DeviceEventGenerator}, {@code ServiceEventGenerator} and
 * {@code SmwanLevelGenerator} add the
 * whole simulation's events from their own seeded streams, so the classic events do not change.
 */
package io.pmr.hardware.sim;
