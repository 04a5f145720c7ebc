/**
 * The embedded MQTT broker (Moquette 0.17) and its watchdog, which restarts it on the same host and port when a
 * session loop thread has died. The broker keeps its state in memory only: the agents' outboxes and the ingest's
 * persistent session are what survive a restart. The only package that names the broker library: its quirks, and
 * the adapter of {@code security.BrokerGuard} to its interfaces ({@code MoquetteGuard}), stay here.
 */
package io.pmr.collector.broker;
