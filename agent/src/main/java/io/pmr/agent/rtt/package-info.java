/**
 * Live round-trip measurement ({@code pmr agent rtt}): {@link io.pmr.agent.rtt.RttSession} sends test commands
 * through a {@code CommandPort} at a fixed rate and measures each from its intended send time (no coordinated
 * omission), reporting running {@link io.pmr.agent.rtt.Snapshot}s.
 *
 * <p>Threading: as stated in {@link io.pmr.agent.rtt.RttSession}; nothing is durable.
 */
package io.pmr.agent.rtt;
