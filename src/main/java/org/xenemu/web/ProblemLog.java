package org.xenemu.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How refusals and failures reach the log without letting a client fill the disk. A refusal
 * (4xx) is the caller's doing: one short DEBUG line each — method and path cut to a few dozen
 * printable characters, never a stack trace — and at most one INFO line a minute counting them.
 * A failure (5xx) is a bug: ERROR with its stack trace, at most {@value #TRACES_PER_MINUTE} a
 * minute; beyond that one line a minute says how many were left out.
 */
public final class ProblemLog {
    private static final Logger log = LoggerFactory.getLogger(ProblemLog.class);
    static final int TRACES_PER_MINUTE = 10;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_METHOD = 16;
    private static final int MAX_PATH = 120;

    private static final ProblemLog SHARED = new ProblemLog(System::nanoTime);

    private final LongSupplier nanos;
    private final Window refusals = new Window();
    private final Window failureTraces = new Window();
    private final Window failuresLeftOut = new Window();

    ProblemLog(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public static ProblemLog shared() {
        return SHARED;
    }

    /** A request refused with {@code status} (4xx). */
    public void refused(String method, String path, int status, String errno) {
        if (log.isDebugEnabled()) {
            log.debug("refused {} {}: {} {}", printable(method, MAX_METHOD), printable(path, MAX_PATH), status, errno);
        }
        long count = refusals.count(nanos.getAsLong());
        if (count > 0) {
            log.info("{} requests refused (4xx) in the last minute or so; the last: {} {} {} {} (DEBUG on {} shows "
                    + "each)", count, status, errno, printable(method, MAX_METHOD), printable(path, MAX_PATH),
                    ProblemLog.class.getName());
        }
    }

    /** A request that failed inside the service (a bug): logged with its stack trace, within bounds. */
    public void failed(String method, String path, Throwable error) {
        long now = nanos.getAsLong();
        if (failureTraces.admit(now, TRACES_PER_MINUTE)) {
            log.error("unexpected failure on {} {}", printable(method, MAX_METHOD), printable(path, MAX_PATH), error);
        } else {
            long left = failuresLeftOut.count(now);
            if (left > 0) {
                log.error("{} more unexpected failures in the last minute or so, stack traces left out; the last: {} on "
                        + "{} {}", left, error.toString(), printable(method, MAX_METHOD), printable(path, MAX_PATH));
            }
        }
    }

    /** At most {@code max} printable ASCII characters of {@code text}, anything else as {@code ?}. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }

    /** Counts events and says, at most once a minute, how many there were since it last said. */
    private static final class Window {
        private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong inWindow = new AtomicLong();
        private final AtomicLong unreported = new AtomicLong();

        /** Counts one; returns how many to report now (0: not yet, within this minute). */
        long count(long now) {
            unreported.incrementAndGet();
            long start = windowStart.get();
            if ((start == Long.MIN_VALUE || now - start >= MINUTE) && windowStart.compareAndSet(start, now)) {
                inWindow.set(0);
                return unreported.getAndSet(0);
            }
            return 0;
        }

        /** Whether one more may be logged in full this minute. */
        boolean admit(long now, int max) {
            long start = windowStart.get();
            if ((start == Long.MIN_VALUE || now - start >= MINUTE) && windowStart.compareAndSet(start, now)) {
                inWindow.set(0);
            }
            return inWindow.incrementAndGet() <= max;
        }
    }
}
