package org.relax4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering rules of relax-core's main code, checked on its compiled classes with ArchUnit. The
 * cross-module rules (relax-train's CLI, relax-models) are in relax-train's {@code
 * ArchitectureTest}; that relax-core's pom depends on no other Relax4J module is enforced by
 * maven-enforcer-plugin in relax-core/pom.xml.
 */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importMainClasses() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.relax4j.core");
        assertFalse(core.isEmpty(), "no relax-core classes were imported");
    }

    @Test
    void onlyTheEnginePackageUsesPyTorchEngineInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.relax4j.core.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch..")
                .because("org.relax4j.core.engine is the one package that reaches below DJL's" + " engine-neutral API")
                .check(core);
    }

    @Test
    void coreDependsOnNoOtherRelax4jModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.relax4j.datasets..", "org.relax4j.models..", "org.relax4j.train..")
                .because("relax-core is the library users embed: it depends on DJL only")
                .check(core);
    }

    @Test
    void nonDifferentiableModelsAndDiscreteEstimatorsAreIndependent() {
        noClasses()
                .that()
                .resideInAPackage("org.relax4j.core.nondiff..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.relax4j.core.estimator..", "org.relax4j.core.controlvariate..")
                .because("the non-differentiable-model estimators (Lee, Yu and Yang 2018) and the discrete"
                        + " estimators are separate families")
                .check(core);
        noClasses()
                .that()
                .resideInAnyPackage("org.relax4j.core.estimator..", "org.relax4j.core.controlvariate..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.relax4j.core.nondiff..")
                .because("the discrete estimators and the non-differentiable-model estimators are"
                        + " separate families")
                .check(core);
    }

    @Test
    void everyMainPackageHasPackageInfo() throws IOException {
        assertEquals(List.of(), packagesWithoutPackageInfo(Path.of("src", "main", "java")));
    }

    /** Directories under {@code root} that hold .java files but no package-info.java. */
    static List<String> packagesWithoutPackageInfo(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::getParent)
                    .distinct()
                    .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }
}
