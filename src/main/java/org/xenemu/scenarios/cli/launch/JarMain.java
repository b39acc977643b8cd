package org.xenemu.scenarios.cli.launch;

import java.lang.reflect.InvocationTargetException;

/**
 * The packaged jar's {@code Main-Class}: {@code java -jar xenemu.jar scenario …} hands a run to its
 * batch JVM ({@link BatchJvm#handOff}) from here, before Spring Boot's launcher has opened a nested
 * jar; everything else — the service, {@code --help}, {@code --check}, a run that stays in this
 * JVM, {@code -Djarmode=tools} — goes on to that launcher as before, which starts the application
 * from {@code BOOT-INF/}.
 *
 * <p>The build copies this package's classes to the jar's root as well and names this class in
 * the manifest (service.pom.xml, after Spring Boot's repackaging), so this package uses nothing but
 * the JDK: the classes at the root are on the JVM's class path, the application's in
 * {@code BOOT-INF/} are not (ArchitectureTest). The launcher's class loader asks the JVM's first,
 * so the application too uses the root's copies: one {@link BatchJvm} in the JVM, which decides
 * once. The launcher is called by name. Why: the launcher takes about 0.2 s of wall and 0.3–0.4 s
 * of CPU to open the jar's nested jars and load its own classes, every time (BENCHMARKS.md
 * "Scenarios", eleventh pass).
 */
public final class JarMain {
    /** Spring Boot's launcher for an executable jar, which the repackaging named as {@code Main-Class}. */
    static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private JarMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("scenario") && System.getProperty("jarmode") == null) {
            BatchJvm.handOff(args);
        }
        Class<?> launcher;
        try {
            launcher = Class.forName(SPRING_BOOT_LAUNCHER);
        } catch (ClassNotFoundException e) {
            System.err.println("xenemu: this jar has no Spring Boot launcher (" + SPRING_BOOT_LAUNCHER
                    + "); run the jar `./mvnw package` makes");
            System.exit(1);
            return;
        }
        try {
            launcher.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
