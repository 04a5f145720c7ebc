/**
 * Sending the outbox to the collector over MQTT ({@link io.pmr.agent.publish.Publisher}: QoS 1, clean session,
 * replay on every connect, an ack-clocked send window), through the shared {@link io.pmr.mqtt.MqttSession}
 * (connects, reconnects, refusals, TLS and credentials).
 *
 * <p>Threading: runs on the agent's scheduler and Paho's threads; deletes an outbox entry only when a trusted Ack lists
 * it. A broker's PUBACK is never taken as proof of delivery.
 */
package io.pmr.agent.publish;
