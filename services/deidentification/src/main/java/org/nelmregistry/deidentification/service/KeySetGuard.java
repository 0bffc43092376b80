package org.nelmregistry.deidentification.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.nelmregistry.deidentification.config.PseudonymKeyConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The key set is opened at start-up under every profile, so a key-encryption key (KEK) that
 * cannot decrypt the stored set stops the service before it processes anything (it never
 * creates new keys instead). Under the prod profile the key set itself is checked too, not
 * only the configuration (DevDefaultsGuard): a development KEK (also one read from a file), a
 * set holding development material, and a KEK file or a leftover key set file that anyone but
 * its owner can read or write are refused. Messages name the setting, file and rule, never a
 * secret. (In the service package, beside the key set it opens: config only holds settings.)
 */
@Singleton
public class KeySetGuard {

    // after DevDefaultsGuard (default priority), so a dev-only configured key is reported as such first
    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 900) StartupEvent ev, PatientPseudonymiser pseudonymiser,
            PseudonymKeyConfig config) {
        KeySet keys = pseudonymiser.keys();
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> problems = problems(keys, KeyEncryption.fromConfig(config.kek(), config.kekFile()),
                config.kekFile().map(Path::of), config.keystore().map(Path::of));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("key set refused under the prod profile: " + String.join("; ", problems));
        }
    }

    /** What is wrong with this key set and its KEK for production use (empty when nothing). */
    public static List<String> problems(KeySet keys, KeyEncryption kek, Optional<Path> kekFile, Optional<Path> keystore) {
        List<String> out = new ArrayList<>();
        if (kek.development()) {
            out.add("the key-encryption key is a development one (" + KeySet.DEV_MARK
                    + "); set PSEUDONYM_KEK or PSEUDONYM_KEK_FILE to the base64 of 32 random bytes");
        }
        if (keys.development()) {
            out.add("the key set holds development keys (created from " + KeySet.DEV_MARK
                    + " material); create a production key set from a real PSEUDONYM_KEY in an empty database");
        }
        kekFile.ifPresent(f -> ownerOnly(f, out));
        // an imported key set file is no longer read, but it still holds the secrets in clear
        keystore.filter(Files::exists).ifPresent(f -> ownerOnly(f, out));
        return out;
    }

    /** Adds a problem unless the file is readable (and at most writable) by its owner only. */
    static void ownerOnly(Path file, List<String> out) {
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
    }
}
