/**
 * The trace tap: {@link io.pmr.hardware.tap.TraceTap} is a {@link io.pmr.hardware.HanPort} that tails a
 * CSV or JSON-lines log of message timestamps written by gateway software (format and behaviour in its
 * Javadoc), configured by {@link io.pmr.hardware.tap.TraceTapSettings}.
 *
 * <p>Internals: {@code FileFollower} cuts lines and follows rotation; {@code CsvLineParser} and
 * {@code JsonLineParser} split a line into fields; {@code TraceRecord} validates them;
 * {@code MessageIds} maps string ids to the listener's long ids; {@code TraceLineHandler} ties these
 * together and reports bad lines through {@code Problems}.
 */
package io.pmr.hardware.tap;
