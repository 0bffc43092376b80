package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.nelmregistry.deidentification.config.PseudonymKeyConfig;
import org.nelmregistry.deidentification.repository.KeySetRepository;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Keyed hashes of normalised identity: the linkage hash (HMAC-SHA256 with the linkage secret,
 * kept in this service) and the published patient pseudonym (HMAC with the separate pseudonym
 * secret over a linkage hash), so the same patient submitted by two centres gets the same
 * pseudonym and nobody without both secrets can compute it from an identity. National id (with
 * country) is preferred; otherwise names, birth date and sex.
 */
@ApplicationScoped
public class PatientPseudonymiser {

    @Inject
    PseudonymKeyConfig config;
    @Inject
    KeySetRepository keySetRepository;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private volatile KeySet keys;

    /** The key set in the database, opened on first use (created from the configured initial key, or imported from a key set file, if none is stored). */
    public KeySet keys() {
        KeySet k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = KeySet.open(config, keySetRepository, transactions);
                }
                k = keys;
            }
        }
        return k;
    }

    public String keyId() {
        return keys().currentId();
    }

    /** The linkage hash of a normalised identity under the current key (never published). */
    public String linkHash(String identity) {
        return keys().hmac(KeySet.Purpose.LINKAGE, identity);
    }

    /** The published patient pseudonym of a patient first seen with this linkage hash. */
    public String pseudonym(String linkHash) {
        return "pp_" + keys().hmac(KeySet.Purpose.PSEUDONYM, linkHash);
    }


    /** The normalised identity string that is hashed (never stored, never logged): national id first. */
    static String identity(JsonNode patient) {
        return nidIdentity(patient).orElseGet(() -> nameIdentity(patient));
    }

    // compiled once: they run for every record of every batch
    private static final java.util.regex.Pattern NOT_LETTER_OR_DIGIT = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]");
    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** Country + national id without spaces or punctuation, upper case; empty without a national id. */
    static java.util.Optional<String> nidIdentity(JsonNode patient) {
        String country = patient.path(FormFields.COUNTRY).asText("").toUpperCase(Locale.ROOT);
        String normalisedNid = NOT_LETTER_OR_DIGIT.matcher(patient.path(FormFields.NATIONAL_ID).asText("")).replaceAll("").toUpperCase(Locale.ROOT);
        return normalisedNid.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("nid|" + country + "|" + normalisedNid);
    }

    /** Normalised family and given name, birth date and sex. */
    static String nameIdentity(JsonNode patient) {
        return "name|" + name(patient.path(FormFields.FAMILY_NAME).asText("")) + "|" + name(patient.path(FormFields.GIVEN_NAME).asText(""))
                + "|" + patient.path(FormFields.BIRTH_DATE).asText("") + "|" + patient.path(FormFields.SEX).asText("");
    }

    /** NFKD, accents stripped, case-folded, whitespace collapsed: "Müller " and "MULLER" agree. */
    static String name(String s) {
        String decomposed = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
        return SPACES.matcher(decomposed.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    static String hmac(String secret, String message) {
        return KeySet.hmac(secret, message);
    }
}
