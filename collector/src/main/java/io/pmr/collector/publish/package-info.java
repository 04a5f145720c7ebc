/**
 * Publishing a period: figures judged at the collector's clock, the service credits they earn, and a new recorded
 * version only when the figures changed (a restatement, with its reason). Durable on return; one publish at a time per
 * store.
 */
package io.pmr.collector.publish;
