/**
 * The hardware SPI the agent measures through: {@link io.pmr.hardware.HanPort} reports event starts and ends to a
 * {@link io.pmr.hardware.HanListener}, {@link io.pmr.hardware.CommandPort} sends round-trip test commands, and
 * {@link io.pmr.hardware.TimeSource} (UTC epoch nanoseconds and a monotonic clock) is passed in wherever time is read.
 *
 * <p>Threading: a port calls its listener from one thread at a time, and the listener must neither block nor allocate
 * (it is the agent's record path). Depends on no other module of ours except the rig's wire frames
 * ({@code io.pmr.proto.v1}).
 */
package io.pmr.hardware;
