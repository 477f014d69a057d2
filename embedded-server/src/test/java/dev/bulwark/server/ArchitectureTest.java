package dev.bulwark.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/** STYLE §1–§3 as executable rules over the server's production classes. */
class ArchitectureTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulwark.server");

    @Test
    void routes_neverTouchSql() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Routes")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .because("routes read input, call a service and write the answer (STYLE §3)")
                .check(SERVER);
    }

    @Test
    void nothing_writesToStandardOutOrErrDirectly() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("logs go through java.util.logging as JSON; the CLI prints through picocli's writers")
                .check(SERVER);
    }

    @Test
    void onlyTheCompositionRootReadsHelidonConfig() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ServerSettings.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon.config..")
                .because("settings are typed records validated in one place (STYLE §3)")
                .check(SERVER);
    }

    @Test
    void services_andRepositories_doNotDependOnTheWebServer() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .or()
                .haveSimpleNameEndingWith("Repository")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon.webserver..")
                .check(SERVER);
    }

    @Test
    void noPackageIsNamedForPlumbingInsteadOfAFeature() {
        noClasses()
                .should()
                .resideInAnyPackage("..util..", "..common..", "..impl..", "..dto..", "..manager..", "..helper..")
                .check(SERVER);
    }
}
