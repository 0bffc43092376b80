package org.nelmregistry.common.security;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolePermissionsTest {

    static final Path DOC = Path.of("../../docs/security.md");

    /** The table in docs/security.md between its markers: role → permissions. */
    static Map<String, Set<String>> documented() throws Exception {
        String doc = Files.readString(DOC);
        int b = doc.indexOf("<!-- permissions:");
        int e = doc.indexOf("<!-- end of permissions -->");
        assertTrue(b >= 0 && e > b, "docs/security.md has the permission table markers");
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : doc.substring(b, e).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 3 || !cells[1].trim().matches("[a-z]+(-[a-z]+)*") || cells[1].trim().equals("role")) {
                continue;
            }
            out.put(cells[1].trim(), Arrays.stream(cells[2].split(","))
                    .map(s -> s.replace("`", "").trim()).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new)));
        }
        return out;
    }

    @Test
    void everyRolesGrantsAreTheDocumentedOnes() throws Exception {
        Map<String, Set<String>> inCode = new TreeMap<>();
        RolePermissions.roles().forEach(r -> inCode.put(r, new TreeSet<>(RolePermissions.of(r))));
        assertEquals(documented(), inCode);
    }

    @Test
    void everyPermissionIsGrantedToSomeRoleAndNothingElseIsGranted() {
        Set<String> granted = new TreeSet<>();
        RolePermissions.roles().forEach(r -> granted.addAll(RolePermissions.of(r)));
        assertEquals(Permissions.all(), granted);
    }

    /** The table's roles are the realm's (RealmRolesTest ties those to infra/keycloak). */
    @Test
    void theTableCoversExactlyTheRealmRoles() throws Exception {
        assertEquals(RealmRolesTest.roles(RealmRolesTest.dev()), new TreeSet<>(RolePermissions.roles()));
    }

    /** Identities stay with the centre roles; a role without a centre is never held to one it lacks. */
    @Test
    void identitiesAndCentreScopeFollowTheTrustBoundary() {
        for (String role : RolePermissions.roles()) {
            boolean centreRole = role.equals(Caller.CENTRE_SUBMITTER) || role.equals(Caller.CENTRE_LEAD);
            assertEquals(centreRole, RolePermissions.of(role).contains(Permissions.CASE_IDENTITIES), role);
            assertEquals(!centreRole, RolePermissions.of(role).contains(Permissions.CENTRES_ALL), role);
        }
        assertFalse(RolePermissions.granted(Set.of("unknown-role"), Permissions.CASE_READ));
    }

    /** A centre role stays held to its centre when the same user also holds a role that reads every centre. */
    @Test
    void aCentreRoleStaysHeldToItsCentreWhateverElseTheUserHolds() {
        for (String centreRole : Set.of(Caller.CENTRE_SUBMITTER, Caller.CENTRE_LEAD)) {
            assertTrue(RolePermissions.heldToOwnCentre(Set.of(centreRole)));
            for (String other : Set.of(Caller.STEERING, Caller.ANALYST, Caller.DATA_MANAGER, Caller.ADMIN)) {
                assertTrue(RolePermissions.heldToOwnCentre(Set.of(centreRole, other)), centreRole + " + " + other);
                assertFalse(RolePermissions.heldToOwnCentre(Set.of(other)), other);
            }
        }
        assertTrue(RolePermissions.heldToOwnCentre(Set.of()), "no role: no centre lifted");
    }

    @Test
    void permissionsReadAsQuarkusReadsThemInTheAnnotation() {
        assertEquals(new io.quarkus.security.StringPermission("case", "read"), PermissionGrants.toStringPermission("case:read"));
        assertTrue(PermissionGrants.toStringPermission("export:read-all")
                .implies(new io.quarkus.security.StringPermission("export", "read-all")));
        assertFalse(PermissionGrants.toStringPermission("export:read")
                .implies(new io.quarkus.security.StringPermission("export", "read-all")));
    }
}
