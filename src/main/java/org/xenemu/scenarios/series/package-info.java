/**
 * What a scenario run produces (docs/scenarios.md "What comes out"): the time series, recorded by
 * a runner through {@link org.xenemu.scenarios.series.SeriesRecorder} into compact per-domain
 * columns; the CSV and JSON writers; the summary computed from the same rows the CSV holds.
 *
 * <p>Every number is written in one fixed, locale-independent format (integers in decimal,
 * seconds as exact decimals, γ with six decimals, averages with three), and nothing depends on
 * wall-clock time, so the same series gives the same bytes.
 */
@NullMarked
package org.xenemu.scenarios.series;

import org.jspecify.annotations.NullMarked;
