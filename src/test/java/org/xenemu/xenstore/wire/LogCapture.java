package org.xenemu.xenstore.wire;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The log lines of one class at INFO and above, for tests that pin how much is logged. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final Lines appender = new Lines();

    private static final class Lines extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) { // AppenderBase.doAppend holds this object's lock
            events.add(event);
            notifyAll();
        }
    }

    LogCapture(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    /** Level and formatted message of each line so far. */
    List<String> lines() {
        synchronized (appender) {
            return appender.events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    /** Waits (without polling) until {@code count} lines were logged; fails after {@code max}. */
    List<String> awaitLines(int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (appender) {
            while (appender.events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fewer than " + count + " log lines within " + max + ": " + lines());
                }
                appender.wait(Math.max(1, left / 1_000_000));
            }
        }
        return lines();
    }

    /** Lines that carry a stack trace. */
    long withStackTraces() {
        synchronized (appender) {
            return appender.events.stream().filter(e -> e.getThrowableProxy() != null).count();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }
}
