package org.xenemu.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenemu.balloon.BalloonFacade;
import org.xenemu.clock.ClockControl;
import org.xenemu.clock.Scheduler;
import org.xenemu.dashboard.HostSampler;
import org.xenemu.events.EventBus;
import org.xenemu.guest.GuestFacade;
import org.xenemu.scenarios.ScenarioRuns;
import org.xenemu.selfballoon.SelfballoonFacade;
import org.xenemu.snapshot.SnapshotFacade;
import org.xenemu.toolstack.Toolstack;
import org.xenemu.toolstack.balancer.Balancer;

/**
 * The house's rules that {@link ModulesTest} (which module may use which) does not express:
 * top-level packages without cycles, the direction web → door → engine, no engine lock taken by a
 * controller, the plain-Java core free of Spring, and engines that take time only from the
 * virtual clock. See docs/architecture.md.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    /** The doors: what an HTTP adapter may call besides values (records, enums) and the web layer. */
    private static final Set<Class<?>> DOORS = Set.of(Toolstack.class, Balancer.class, BalloonFacade.class,
            GuestFacade.class, SelfballoonFacade.class, ClockControl.class, EventBus.class, HostSampler.class,
            SnapshotFacade.class,
            ScenarioRuns.class);

    /** Every module's HTTP adapter: {@code org.xenemu.<module>.web}. */
    private static final String ADAPTERS = "org.xenemu.*.web..";

    /** The plain-Java core: every module but its HTTP adapter, the shared web layer and the Spring root. */
    private static final DescribedPredicate<JavaClass> CORE = describe("the plain-Java core",
            c -> c.getPackageName().startsWith("org.xenemu.") && !c.getPackageName().matches(".*\\.web(\\..*)?")
                    && !c.getPackageName().startsWith("org.xenemu.config"));

    @BeforeAll
    static void load() {
        classes = ProductionClasses.in("org.xenemu");
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("org.xenemu.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingImportsTheSpringCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("org.xenemu.config..")
                .should().dependOnClassesThat().resideInAPackage("org.xenemu.config..")
                .check(classes);
    }

    /** Stronger than its name: no Spring at all (but Modulith's declarations), no servlet, no web layer. */
    @Test
    void coreIsFreeOfSpringWebAndServletTypes() {
        noClasses().that(CORE)
                .should().dependOnClassesThat(resideInAPackage("org.springframework..")
                        .and(resideOutsideOfPackage("org.springframework.modulith..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.xenemu.web..")
                .check(classes);
    }

    /**
     * The jar's {@code Main-Class} and what it calls are also copied to the jar's root and run there,
     * on the JVM's own class path, before Spring Boot's launcher has made the application's classes
     * and libraries loadable (docs/scenarios.md "Running it"): the JDK is all they may use.
     */
    @Test
    void theCommandLinesLaunchPackageUsesOnlyTheJdk() {
        classes().that().resideInAPackage("org.xenemu.scenarios.cli.launch")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.jspecify.annotations",
                        "org.xenemu.scenarios.cli.launch")
                .check(classes);
    }

    @Test
    void httpAdaptersUseOnlyTheirModulesDoorsAndValues() {
        DescribedPredicate<JavaClass> allowed = describe("a door, a value (record or enum), the web layer, "
                + "error, caller, the adapter's own package or a library", c ->
                !c.getPackageName().startsWith("org.xenemu")
                        || c.getPackageName().matches("org\\.xenemu\\.[a-z]+\\.web(\\..*)?")
                        || resideInAnyPackage("org.xenemu.web..", "org.xenemu.error..", "org.xenemu.caller..").test(c)
                        || c.isRecord() || c.isEnum() || isValueHolder(c)
                        || DOORS.stream().anyMatch(d -> c.isEquivalentTo(d))
                        || c.getPackageName().startsWith("org.xenemu.xenstore") && c.isInterface()
                        // the REST door of the model module checks paths by the store's own rules
                        || c.getFullName().equals("org.xenemu.xenstore.store.XsPath"));
        classes().that().resideInAPackage(ADAPTERS)
                .should().onlyDependOnClassesThat(allowed)
                .check(classes);
    }

    @Test
    void controllersNeverTakeTheEngineLockThemselves() {
        noClasses().that().resideInAPackage(ADAPTERS)
                .should().callMethod(Scheduler.class, "locked", Supplier.class)
                .orShould().callMethod(Scheduler.class, "locked", Runnable.class)
                .check(classes);
    }

    @Test
    void webLayersAreNotUsedByTheCore() {
        noClasses().that(CORE).should().dependOnClassesThat().resideInAnyPackage("..web..").check(classes);
    }

    @Test
    void enginesNeverSleepOrReadWallTime() {
        noClasses().that(CORE).and().resideOutsideOfPackages("org.xenemu.xenstore.wire..", "org.xenemu.clock..")
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .check(classes);
    }

    @Test
    void nothingButTheWallClockAbstractionReadsSystemTimeInTheClock() {
        noClasses().that().resideInAPackage("org.xenemu.clock").and().doNotHaveSimpleName("WallClock")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .check(classes);
    }

    @Test
    void noEngineIsDrivenBySpringsSchedulerInsteadOfTheVirtualClock() {
        noMethods().should().beAnnotatedWith("org.springframework.scheduling.annotation.Scheduled")
                .check(classes);
    }

    @Test
    void theXenstoreEngineIsReachedThroughItsInterfacesOutsideItsModule() {
        noClasses().that().resideOutsideOfPackage("org.xenemu.xenstore..")
                .and().resideOutsideOfPackages("org.xenemu.toolstack", "org.xenemu.config..")
                .should().dependOnClassesThat().haveSimpleName("XenstoreEngine")
                .check(classes);
    }

    /** A class whose only job is to hold view records (e.g. {@code WorkloadViews}). */
    private static boolean isValueHolder(JavaClass c) {
        return c.getSimpleName().endsWith("Views") && c.getConstructors().stream().allMatch(k -> k.getModifiers()
                .contains(com.tngtech.archunit.core.domain.JavaModifier.PRIVATE));
    }
}
