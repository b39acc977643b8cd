/**
 * The scenario report: one self-contained HTML file (uPlot's script and style and the shared
 * {@code static/js/charts.js} inlined, the data as JSON inside the page), which opens with no
 * network and whose bytes depend only on the run's results.
 */
@NullMarked
package org.xenemu.scenarios.report;

import org.jspecify.annotations.NullMarked;
