package org.xenemu.config;

import java.lang.management.ManagementFactory;
import org.springframework.boot.autoconfigure.preinitialize.BackgroundPreinitializer;

/**
 * Start time: two one-off initialisations that the context refresh would otherwise do on the
 * main thread, done instead by Spring Boot's background preinitializer thread (which exists only
 * where there is a second core) while the context is still being prepared. Nothing changes but
 * when and on which thread: the same JVM-wide singletons are created the same way, earlier; the
 * refresh then finds them done (or waits for them, never does them twice).
 * <ul>
 * <li>Spring Framework 7 initialises {@code MessageSourceSupport} (every application context
 *     makes a message source) with the set of all locales the JVM knows: 0.1–0.6 s of one core
 *     on a JDK with all its locale data.</li>
 * <li>Micrometer's Tomcat metrics look up the platform MBean server, whose creation registers
 *     every platform MXBean.</li>
 * </ul>
 * Registered in {@code META-INF/spring.factories}; failures are ignored there (the refresh
 * would meet them again, on its own thread, as before).
 */
final class StartupPreinitializer implements BackgroundPreinitializer {
    static final String MESSAGE_SOURCE_SUPPORT = "org.springframework.context.support.MessageSourceSupport";

    @Override
    public void preinitialize() throws ClassNotFoundException {
        Class.forName(MESSAGE_SOURCE_SUPPORT, true, StartupPreinitializer.class.getClassLoader());
        ManagementFactory.getPlatformMBeanServer();
    }
}
