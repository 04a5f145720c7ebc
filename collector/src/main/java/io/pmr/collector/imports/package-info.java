/**
 * Import files from outside the agents (incidents, availability windows, exclusions, supplied figures, power
 * outages, commentary; docs/imports.md): parsed and checked against the catalogue row by row, accepted whole or
 * rejected whole with every bad line named. Values are immutable; parsers are stateless.
 */
package io.pmr.collector.imports;
