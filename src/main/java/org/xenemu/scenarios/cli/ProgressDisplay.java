package org.xenemu.scenarios.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.xenemu.scenarios.Progress;
import org.xenemu.scenarios.workload.Nanos;

/**
 * Progress on standard error. On a terminal, a bar redrawn in place at most ten times a second:
 * <pre>  [#########...........]  45%  10h48m of 24h virtual · 1/4 variants · 2.3 s</pre>
 * Elsewhere (a pipe, a CI log), a plain line at every tenth: {@code progress 40%}. Thread-safe:
 * the variants' threads report concurrently.
 */
final class ProgressDisplay implements Consumer<Progress> {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier wallNanos;
    private final long startNanos;
    private final long perVariantNanos;
    private long lastDrawNanos = Long.MIN_VALUE;
    private int lastTenth = -1;
    private boolean drawn;

    ProgressDisplay(PrintStream err, boolean terminal, LongSupplier wallNanos, long perVariantNanos) {
        this.err = err;
        this.terminal = terminal;
        this.wallNanos = wallNanos;
        this.startNanos = wallNanos.getAsLong();
        this.perVariantNanos = perVariantNanos;
    }

    @Override
    public synchronized void accept(Progress p) {
        long now = wallNanos.getAsLong();
        if (terminal) {
            boolean done = p.variantsDone() == p.variants();
            if (!done && now - lastDrawNanos < REDRAW_NANOS) {
                return;
            }
            lastDrawNanos = now;
            err.print("\r" + line(p, now));
            err.flush();
            drawn = true;
        } else {
            int tenth = (int) Math.floor(p.fraction() * 10);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.println("progress " + tenth * 10 + "%");
            }
        }
    }

    /** Ends the bar's line, so what follows starts on its own. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    String line(Progress p, long now) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        StringBuilder bar = new StringBuilder("  [");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        bar.append("] ").append(String.format(Locale.ROOT, "%3d%%", Math.round(p.fraction() * 100)));
        if (p.variants() == 1) {
            bar.append("  ").append(Nanos.text(p.virtualNanosDone() / Nanos.SECOND * Nanos.SECOND))
                    .append(" of ").append(Nanos.text(perVariantNanos)).append(" virtual");
        } else {
            bar.append("  ").append(p.variantsDone()).append('/').append(p.variants()).append(" variants");
        }
        bar.append(String.format(Locale.ROOT, " · %.1f s", (now - startNanos) / 1e9));
        return bar.toString();
    }
}
