package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.nelmregistry.deidentification.config.PseudonymKeyConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;

/**
 * The keyed patient pseudonym: HMAC-SHA256 over normalised identity, so the same patient
 * submitted by two centres gets the same pseudonym, and nobody without the key can compute
 * it from an identity. National id (with country) is preferred; otherwise names, birth date and sex.
 */
@ApplicationScoped
public class PatientPseudonymiser {

    @Inject
    PseudonymKeyConfig config;

    private volatile KeyStore keys;

    /** The key set, opened on first use (created from the configured initial key if new). */
    public KeyStore keys() {
        KeyStore k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = KeyStore.open(java.nio.file.Path.of(config.keystore()), config.keyId(), config.key());
                }
                k = keys;
            }
        }
        return k;
    }

    public String keyId() {
        return keys().currentId();
    }


    /** The normalised identity string that is hashed (never stored, never logged): national id first. */
    static String identity(JsonNode patient) {
        return nidIdentity(patient).orElseGet(() -> nameIdentity(patient));
    }

    /** Country + national id without spaces or punctuation, upper case; empty without a national id. */
    static java.util.Optional<String> nidIdentity(JsonNode patient) {
        String country = patient.path("country").asText("").toUpperCase(Locale.ROOT);
        String normalisedNid = patient.path("national_id").asText("").replaceAll("[^\\p{L}\\p{N}]", "").toUpperCase(Locale.ROOT);
        return normalisedNid.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("nid|" + country + "|" + normalisedNid);
    }

    /** Normalised family and given name, birth date and sex. */
    static String nameIdentity(JsonNode patient) {
        return "name|" + name(patient.path("family_name").asText("")) + "|" + name(patient.path("given_name").asText(""))
                + "|" + patient.path("birth_date").asText("") + "|" + patient.path("sex").asText("");
    }

    /** NFKD, accents stripped, case-folded, whitespace collapsed: "Müller " and "MULLER" agree. */
    static String name(String s) {
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
