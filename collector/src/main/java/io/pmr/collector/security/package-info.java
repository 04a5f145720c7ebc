/**
 * Broker security (docs/security.md): the server TLS context, Mosquitto-compatible password files, client
 * authentication and per-identity topic rights for the embedded broker (in plain terms: {@code collector.broker}
 * adapts them to the broker library), and the login the ingest presents to an external broker. PKCS12 stores and
 * secret files are read through {@code io.pmr.mqtt}. Secrets never show in {@code toString()} or logs. Thread-safe.
 */
package io.pmr.collector.security;
