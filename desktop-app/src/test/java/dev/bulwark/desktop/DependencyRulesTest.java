package dev.bulwark.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.bulwark.desktop.connect.EmbeddedServerLauncher;
import org.junit.jupiter.api.Test;

/** The desktop's architecture rules (STYLE §1, §5), checked on the compiled classes. */
class DependencyRulesTest {
    private static final JavaClasses DESKTOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulwark.desktop");

    @Test
    void onlyTheEmbeddedLauncher_usesServerCode() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(EmbeddedServerLauncher.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.bulwark.server..")
                .because("the desktop talks to every server over HTTP; only the launcher starts the embedded one")
                .check(DESKTOP);
    }

    @Test
    void viewModels_neverHoldNodes() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("ViewModels are tested without a toolkit and views bind to them, not the other way round")
                .check(DESKTOP);
    }

    @Test
    void viewModels_neverUseTheToolkitThreadDirectly() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("javafx.application.Platform")
                .because("all their work goes through the BackgroundRunner")
                .check(DESKTOP);
    }
}
