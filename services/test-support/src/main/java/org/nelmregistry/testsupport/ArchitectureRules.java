package org.nelmregistry.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering every service follows (issue #8): a resource parses, authorises and maps; queries
 * live in repositories; operations in services. Each service's {@code ArchitectureTest} runs
 * these rules on its own main classes.
 */
public final class ArchitectureRules {

    /** Methods through which a class reads or writes the database. */
    static final Set<String> PERSISTENCE_METHODS = Set.of("persist", "persistAndFlush", "delete", "deleteAll", "deleteById",
            "find", "findAll", "findById", "findByIdOptional", "list", "listAll", "stream", "streamAll", "count", "update",
            "flush", "getEntityManager", "getSession");
    /** Calls that run hand-written SQL. */
    static final Set<String> SQL_METHODS = Set.of("createNativeQuery", "createNativeMutationQuery", "prepareStatement",
            "createStatement", "prepareCall", "executeQuery", "executeUpdate", "execute");

    private ArchitectureRules() {
    }

    /** The rules, for a service whose root package is {@code servicePackage} (e.g. {@code org.nelmregistry.submission}). */
    public static List<ArchRule> rules(String servicePackage) {
        return List.of(
                noClasses().that().resideInAPackage("..rest..")
                        .should().dependOnClassesThat().resideInAPackage(servicePackage + ".repository..")
                        .because("a resource reaches data through a service, never a repository"),
                noClasses().that().resideInAPackage("..rest..")
                        .should().callMethodWhere(persistence())
                        .orShould().dependOnClassesThat().haveFullyQualifiedName("jakarta.persistence.EntityManager")
                        .because("a resource neither queries nor persists"),
                noClasses().that().resideInAnyPackage("..service..", "..repository..", "..event..", "..report..", "..export..")
                        .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                        .because("HTTP belongs to the rest package; services throw domain problems"),
                noClasses().that().resideOutsideOfPackage(servicePackage + ".repository..")
                        .should().callMethodWhere(nativeSql())
                        .because("SQL is written in repositories only"),
                slices().matching(servicePackage + ".(*)..").should().beFreeOfCycles()
                        .because("packages depend one way: rest → service → repository"));
    }

    /** Runs every rule on the service's main classes; fails with ArchUnit's report of each violation. */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(servicePackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no classes found under " + servicePackage);
        }
        rules(servicePackage).forEach(r -> r.check(classes));
    }

    private static DescribedPredicate<JavaCall<?>> persistence() {
        return DescribedPredicate.describe("a Panache or EntityManager persistence method", call ->
                PERSISTENCE_METHODS.contains(call.getName())
                        && (call.getTargetOwner().isAssignableTo("io.quarkus.hibernate.orm.panache.PanacheEntityBase")
                        || call.getTargetOwner().isAssignableTo("io.quarkus.hibernate.orm.panache.PanacheRepositoryBase")
                        || call.getTargetOwner().isAssignableTo("jakarta.persistence.EntityManager")));
    }

    private static DescribedPredicate<JavaCall<?>> nativeSql() {
        return DescribedPredicate.describe("a native SQL call (EntityManager, JDBC)", call ->
                SQL_METHODS.contains(call.getName())
                        && (call.getTargetOwner().isAssignableTo("jakarta.persistence.EntityManager")
                        || call.getTargetOwner().isAssignableTo("org.hibernate.Session")
                        || call.getTargetOwner().isAssignableTo("java.sql.Connection")
                        || call.getTargetOwner().isAssignableTo("java.sql.Statement")));
    }
}
