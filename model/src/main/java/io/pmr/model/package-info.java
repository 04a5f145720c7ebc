/**
 * The vocabulary agents, the collector and the simulated rig share, with no dependency beyond the JDK: measure ids
 * and their parts ({@link io.pmr.model.MeasureIds}), TRT syntax and deadlines ({@link io.pmr.model.Trt}; wall-clock
 * deadlines and service-hours conditions: {@link io.pmr.model.TrtRule}, {@link io.pmr.model.ServiceHours}), UK report
 * periods and days ({@link io.pmr.model.UkCalendar}), the MQTT topic names ({@link io.pmr.model.Topics}) and the
 * shipped catalogue's TRTs, the agent's offline default ({@link io.pmr.model.MeasureTrts}).
 *
 * <p>Threading: every type here is immutable or stateless, so safe from any thread. Units are in the names
 * ({@code ...EpochNanos}, {@code ...EpochMillis}); every instant is UTC since the epoch.
 */
package io.pmr.model;
