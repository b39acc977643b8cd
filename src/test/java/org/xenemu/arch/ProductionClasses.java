package org.xenemu.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * The classes the architecture rules judge: what we wrote in src/main, without the tests and
 * without what Spring's AOT processing generates at package time into the same output directory
 * ({@code XenemuApplication__BeanFactoryRegistrations}, {@code Foo__BeanDefinitions}: they call
 * every configuration class by design, and exist only after {@code ./mvnw package}).
 */
public final class ProductionClasses {
    /** Spring AOT names its generated classes {@code Type__Suffix}. */
    private static final ImportOption NOT_GENERATED_BY_SPRING_AOT =
            (Location location) -> !location.contains("__");

    private ProductionClasses() {
    }

    public static JavaClasses in(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(NOT_GENERATED_BY_SPRING_AOT)
                .importPackages(packages);
    }
}
