package io.pmr.launcher;

import io.pmr.agent.CatalogueTrts;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The house rules of docs/architecture.md ("Package rules"), kept by a test that fails when one is broken.
 *
 * <p>The launcher's test class path holds the main classes of every module, so the module rules are checked here,
 * over all of them at once. Test classes are not imported: the rules are about the product.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pmr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"model", "proto", "mqtt", "hardware", "agent", "collector", "launcher"})
    void everyModuleIsOnTheClassPathSoNoRuleHoldsVacuously(String module) {
        assertFalse(classes.that(resideIn("io.pmr." + module)).isEmpty(), "no class of io.pmr." + module + " imported");
    }

    @Test
    void theCollectorNeverDependsOnAnAgentOrOnHardware() {
        noClasses().that().resideInAPackage("io.pmr.collector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pmr.agent..", "io.pmr.hardware..", "io.pmr.launcher..")
                .because("the collector takes only what agents send over the wire (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void theCollectorsReadersGoThroughItsPortsNotTheStore() {
        noClasses().that().resideInAnyPackage("io.pmr.collector.data..", "io.pmr.collector.measure..",
                        "io.pmr.collector.view..", "io.pmr.collector.http..", "io.pmr.collector.report..")
                .should().dependOnClassesThat().resideInAPackage("io.pmr.collector.store..")
                .because("figures, pages and the API read through collector.data (MeasureData, ActivityData), which"
                        + " the store implements: they must work on any store and on in-memory fixtures")
                .check(classes);
    }

    @Test
    void hardwareDependsOnNoneOfTheMeasuringModules() {
        noClasses().that().resideInAPackage("io.pmr.hardware..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.pmr.agent..", "io.pmr.collector..", "io.pmr.launcher..")
                .because("the rig and its ground truth must not be shaped by the code they judge")
                .check(classes);
    }

    @Test
    void theAgentNeverDependsOnTheCollector() {
        noClasses().that().resideInAPackage("io.pmr.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pmr.collector..", "io.pmr.launcher..")
                .because("agents and the collector meet only on the wire schema")
                .check(classes);
    }

    @Test
    void theModelDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.pmr.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pmr.proto..", "io.pmr.hardware..",
                        "io.pmr.agent..", "io.pmr.collector..", "io.pmr.launcher..", "io.pmr.testkit..")
                .because("both sides and the rig share it: it must not pull in any of them (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void theAgentCommandLoadsNoCollectorCode() {
        noClasses().that().haveFullyQualifiedName(AgentCommand.class.getName())
                .or().haveFullyQualifiedName(CatalogueTrts.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.pmr.collector..")
                .because("an agent takes its TRTs from the model's shipped catalogue and then the collector's"
                        + " AgentConfig, never from collector code")
                .check(classes);
    }

    @Test
    void theWireSchemaDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.pmr.proto..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pmr.model..",
                        "io.pmr.hardware..", "io.pmr.agent..", "io.pmr.collector..", "io.pmr.launcher..", "io.pmr.testkit..")
                .check(classes);
    }

    @Test
    void theMqttSessionDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.pmr.mqtt..")
                .should().dependOnClassesThat().resideInAnyPackage("io.pmr.model..", "io.pmr.proto..",
                        "io.pmr.hardware..", "io.pmr.agent..", "io.pmr.collector..", "io.pmr.launcher..",
                        "io.pmr.testkit..")
                .because("agent and collector share it, so it can know neither (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void onlyTheCollectorsBrokerPackageNamesTheEmbeddedBroker() {
        noClasses().that().resideInAPackage("io.pmr..")
                .and().resideOutsideOfPackage("io.pmr.collector.broker..")
                .should().dependOnClassesThat().resideInAPackage("io.moquette..")
                .because("the embedded broker's quirks stay in collector.broker; everything else talks MQTT through"
                        + " io.pmr.mqtt (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void nothingInTheProductDependsOnTheTestKit() {
        noClasses().that().resideInAnyPackage("io.pmr.model..", "io.pmr.proto..", "io.pmr.mqtt..",
                        "io.pmr.hardware..", "io.pmr.agent..", "io.pmr.collector..", "io.pmr.launcher..")
                .should().dependOnClassesThat().resideInAPackage("io.pmr.testkit..")
                .check(classes);
    }

    @Test
    void everyPackageSaysWhatItIsInAPackageInfo() {
        java.util.Set<String> undocumented = new java.util.TreeSet<>();
        for (JavaClass javaClass : classes) {
            if (javaClass.getPackage().tryGetPackageInfo().isEmpty()) {
                undocumented.add(javaClass.getPackageName());
            }
        }
        assertTrue(undocumented.isEmpty(), "packages without a package-info.java: " + undocumented);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt", "hardware", "agent", "collector", "launcher"})
    void noModuleHasAPackageCycle(String module) {
        packagesOf("io.pmr." + module).beFreeOfCycles().check(classes);
    }

    /**
     * One slice per package directly under the module's root, and one for the root package itself (where
     * {@code slices().matching("io.pmr.x.(*)..")} would leave the root's classes out of every slice, so a cycle
     * through, say, {@code io.pmr.collector.Collector} would go unseen).
     */
    private static com.tngtech.archunit.library.dependencies.syntax.SlicesShould packagesOf(String root) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                if (pkg.equals(root)) {
                    return SliceIdentifier.of("(root)");
                }
                if (pkg.startsWith(root + ".")) {
                    String rest = pkg.substring(root.length() + 1);
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of " + root;
            }
        }).should();
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> resideIn(String root) {
        return JavaClass.Predicates.resideInAPackage(root + "..");
    }
}
