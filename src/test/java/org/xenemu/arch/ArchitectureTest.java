package org.xenemu.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries, checked rather than hoped: the plain-Java core knows nothing of Spring web,
 * and engines take time only from the virtual clock.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    /** Core packages: everything but the web layers, configuration and the application class. */
    private static final String[] CORE = {
        "org.xenemu.clock", "org.xenemu.events", "org.xenemu.error", "org.xenemu.caller",
        "org.xenemu.xenstore", "org.xenemu.xenstore.store..", "org.xenemu.xenstore.perms..",
        "org.xenemu.xenstore.watch..", "org.xenemu.xenstore.txn..",
        "org.xenemu.host", "org.xenemu.guest", "org.xenemu.guest.workload..", "org.xenemu.guest.overcommit..",
        "org.xenemu.balloon", "org.xenemu.selfballoon"
    };

    /** Engines: they run on the virtual clock and must never read wall time or sleep. */
    private static final String[] ENGINES = {
        "org.xenemu.xenstore..", "org.xenemu.host..", "org.xenemu.guest..", "org.xenemu.balloon..",
        "org.xenemu.selfballoon..", "org.xenemu.events.."
    };

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.xenemu");
    }

    @Test
    void coreIsFreeOfSpringWebAndServletTypes() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE)
                .and().haveSimpleNameNotEndingWith("Config")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void enginesNeverSleepOrReadWallTime() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ENGINES)
                .and().resideOutsideOfPackages("..web..", "..wire..")
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void nothingButTheWallClockAbstractionReadsSystemTimeInTheClock() {
        ArchRule rule = noClasses().that().resideInAPackage("org.xenemu.clock")
                .and().doNotHaveSimpleName("WallClock")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void noEngineIsDrivenBySpringsSchedulerInsteadOfTheVirtualClock() {
        ArchRule rule = noMethods().should().beAnnotatedWith("org.springframework.scheduling.annotation.Scheduled")
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void webLayersAreNotUsedByTheCore() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("..web..")
                .allowEmptyShould(true);
        rule.check(classes);
    }
}
