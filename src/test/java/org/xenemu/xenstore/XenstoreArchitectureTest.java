package org.xenemu.xenstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xenemu.arch.ProductionClasses;

/**
 * docs/architecture.md "What may use what": the xenstore core is plain Java; only web/ and the
 * wiring touch Spring.
 */
class XenstoreArchitectureTest {
    static final JavaClasses CLASSES = ProductionClasses.in("org.xenemu.xenstore");

    @Test
    void coreDoesNotDependOnSpringOrTheWeb() {
        noClasses().that().resideInAnyPackage("org.xenemu.xenstore.store..", "org.xenemu.xenstore.perms..",
                        "org.xenemu.xenstore.watch..", "org.xenemu.xenstore.txn..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.xenemu.web..",
                        "org.xenemu.xenstore.web..", "jakarta.servlet..")
                .check(CLASSES);
    }

    @Test
    void engineDoesNotReachIntoTheWebLayer() {
        noClasses().that().resideInAPackage("org.xenemu.xenstore")
                .should().dependOnClassesThat().resideInAnyPackage("org.xenemu.xenstore.web..", "org.xenemu.web..")
                .check(CLASSES);
    }

    @Test
    void lowerLayersDoNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage("org.xenemu.xenstore.perms..", "org.xenemu.xenstore.watch..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xenemu.xenstore.store..", "org.xenemu.xenstore.txn..")
                .check(CLASSES);
    }
}
