/**
 * Sending the outbox to the collector over MQTT ({@link io.pmr.agent.publish.Publisher}: Paho, QoS 1, clean
 * session, replay on every connect, an ack-clocked send window, jittered reconnect backoff) and the agent's broker
 * security settings.
 *
 * <p>Threading: runs on the agent's scheduler and Paho's threads; deletes an outbox entry only when a trusted Ack lists
 * it. A broker's PUBACK is never taken as proof of delivery.
 */
package io.pmr.agent.publish;
