/**
 * Service credits: Service Points per measure that missed its target, pounds per provider, and the report's 12-month
 * credit table. Exact {@link java.math.BigDecimal} arithmetic; stateless and thread-safe.
 */
package io.pmr.collector.credit;
