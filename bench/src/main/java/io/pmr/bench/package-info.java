/**
 * JMH benchmarks of the agent's record path against a bare HdrHistogram record (not part of the product).
 */
package io.pmr.bench;
