/**
 * Broker security (docs/security.md): TLS contexts from PKCS12 stores, Mosquitto-compatible password files, client
 * authentication and per-identity topic rights for the embedded broker, and the logins the ingest presents to an
 * external broker. Secrets are read from files, never shown in {@code toString()} or logs.
 */
package io.pmr.collector.security;
