/**
 * The agent's optional Prometheus endpoint ({@code pmr agent --metrics HOST:PORT}): its counters, outbox depth and
 * connection state, build info and the client's JVM and process collectors, served by the Prometheus client's small
 * JDK-HttpServer exporter. Reads the agent only through its public, thread-safe accessors.
 */
package io.pmr.agent.metrics;
