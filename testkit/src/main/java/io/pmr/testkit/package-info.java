/**
 * Helpers the modules' tests share (test scope only, never a product dependency): hostile-input tallies, byte
 * mutations and a throw-away PKI.
 */
package io.pmr.testkit;
