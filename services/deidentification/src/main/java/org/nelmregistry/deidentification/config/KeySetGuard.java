package org.nelmregistry.deidentification.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.nelmregistry.deidentification.service.KeySet;
import org.nelmregistry.deidentification.service.PatientPseudonymiser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Under the prod profile the key set itself is checked at start-up, not only the configuration
 * (DevDefaultsGuard): a set holding development material is refused, and so is a key file that
 * anyone but its owner can read or write. Messages name the file and the rule, never a secret.
 */
@Singleton
public class KeySetGuard {

    // after DevDefaultsGuard (default priority), so a dev-only configured key is reported as such first
    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 900) StartupEvent ev, PatientPseudonymiser pseudonymiser) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        KeySet keys = pseudonymiser.keys();
        List<String> problems = problems(keys.file(), keys);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("key set refused under the prod profile: " + String.join("; ", problems));
        }
    }

    /** What is wrong with this key set for production use (empty when nothing). */
    public static List<String> problems(Path file, KeySet keys) {
        List<String> out = new ArrayList<>();
        if (keys.development()) {
            out.add(file + " holds development keys (marked development or " + KeySet.DEV_MARK
                    + "); create a production key set from a real PSEUDONYM_KEY");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            boolean ownerOnly = perms.contains(PosixFilePermission.OWNER_READ) && perms.stream()
                    .allMatch(p -> p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE);
            if (!ownerOnly) {
                out.add(file + " has mode " + PosixFilePermissions.toString(perms)
                        + "; it must be readable by its owner only (chmod 600 or 400)");
            }
        } catch (UnsupportedOperationException e) {
            out.add(file + " is on a file system without POSIX permissions; its access cannot be checked");
        } catch (IOException e) {
            out.add(file + " cannot be inspected (" + e.getClass().getSimpleName() + ")");
        }
        return out;
    }
}
