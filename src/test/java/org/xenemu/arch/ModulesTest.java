package org.xenemu.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.xenemu.XenemuApplication;
import org.xenemu.xenstore.store.Quotas;

/**
 * The modules (every top-level package under {@code org.xenemu}) and what each may use, as declared
 * by {@code @ApplicationModule(allowedDependencies = ...)} in its package-info: Spring Modulith
 * checks that no module reaches another it does not declare, nor anything but a module's base
 * package or its declared named interfaces, and that modules form no cycle. The module
 * documentation (a component diagram per module and the module canvases) is written to
 * {@code target/spring-modulith-docs}.
 *
 * <p>One internal type is used across modules on purpose: {@code xenstore.store.Quotas}, the
 * store's limits, a plain value the toolstack and the configuration hand to the xenstore engine.
 * Exposing it as a named interface would put a Spring annotation into the store, which must stay
 * plain Java ({@code XenstoreArchitectureTest}); so it is left out of this check by name.
 */
class ModulesTest {
    static final ApplicationModules MODULES = ApplicationModules.of(XenemuApplication.class,
            JavaClass.Predicates.equivalentTo(Quotas.class));

    @Test
    void everyModuleUsesOnlyWhatItDeclares() {
        MODULES.verify();
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
