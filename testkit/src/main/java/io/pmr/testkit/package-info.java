/**
 * Helpers the modules' tests share (test scope only, never a product dependency): hostile-input tallies, byte
 * mutations, a throw-away PKI and a throw-away PostgreSQL cluster ({@link io.pmr.testkit.PostgresCluster}).
 */
package io.pmr.testkit;
