package org.relax4j.train;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-module layering rules, checked with ArchUnit on the main classes of every module
 * (relax-train's test classpath holds relax-core, datasets, relax-models and relax-train).
 */
class ArchitectureTest {

    private static final List<String> MODULES = List.of("relax-core", "datasets", "relax-models", "relax-train");

    private static JavaClasses relax4j;

    @BeforeAll
    static void importMainClasses() {
        relax4j = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.relax4j");
        for (String pkg :
                List.of("org.relax4j.core", "org.relax4j.datasets", "org.relax4j.models", "org.relax4j.train")) {
            assertFalse(
                    relax4j.stream().noneMatch(c -> c.getPackageName().startsWith(pkg)),
                    "no classes of " + pkg + " were imported");
        }
    }

    @Test
    void onlyTheCoreEnginePackageUsesPyTorchEngineInternals() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.relax4j.core.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.pytorch..")
                .because("org.relax4j.core.engine is the one package that reaches below DJL's"
                        + " engine-neutral API; the CLI asks it (EngineInfo) for libtorch details")
                .check(relax4j);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("org.relax4j.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.relax4j.datasets..", "org.relax4j.models..", "org.relax4j.train..")
                .check(relax4j);
    }

    @Test
    void modelsDoNotDependOnTraining() {
        noClasses()
                .that()
                .resideInAPackage("org.relax4j.models..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.relax4j.train..")
                .because("relax-models is usable without the training loops and the CLI")
                .check(relax4j);
    }

    @Test
    void datasetsDoNotDependOnModelsOrTraining() {
        noClasses()
                .that()
                .resideInAPackage("org.relax4j.datasets..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.relax4j.models..", "org.relax4j.train..")
                .check(relax4j);
    }

    @Test
    void everyMainPackageOfEveryModuleHasPackageInfo() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> missing = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = root.resolve(module).resolve(Path.of("src", "main", "java"));
            assertTrue(Files.isDirectory(sources), "no sources at " + sources);
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .distinct()
                        .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                        .map(dir -> root.relativize(dir).toString())
                        .forEach(missing::add);
            }
        }
        assertEquals(List.of(), missing.stream().sorted().toList());
    }
}
