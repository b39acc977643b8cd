package org.xenemu.scenarios;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenemu.arch.ProductionClasses;

/**
 * The scenario core's sub-packages depend on each other one way only, and only the command line
 * reads wall time. That it stays plain Java (the CLI runs it without a Spring context) is the
 * house's rule for every core module ({@code arch.ArchitectureTest}).
 */
class ScenarioBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = ProductionClasses.in("org.xenemu.scenarios");
    }

    @Test
    void theSubPackagesHaveNoCycles() {
        slices().matching("org.xenemu.scenarios.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theLowerPackagesNeverReachUp() {
        noClasses().that().resideInAnyPackage("org.xenemu.scenarios.workload..", "org.xenemu.scenarios.document..",
                        "org.xenemu.scenarios.series..", "org.xenemu.scenarios.report..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xenemu.scenarios", "org.xenemu.scenarios.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("org.xenemu.scenarios.workload..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xenemu.scenarios.document..",
                        "org.xenemu.scenarios.series..", "org.xenemu.scenarios.report..")
                .check(classes);
    }

    @Test
    void onlyTheCommandLineReadsWallTime() {
        noClasses().that().resideInAPackage("org.xenemu.scenarios..").and().resideOutsideOfPackage("..cli..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .check(classes);
    }
}
