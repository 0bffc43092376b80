package org.nelmregistry.deidentification.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.nelmregistry.deidentification.repository.LinkageRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a record's patient pseudonym through the linkage index of keyed hashes:
 * <ul>
 * <li>with a national id: the pseudonym of that (country, national id); a first national-id
 * record adopts the pseudonym of an earlier names-only record with the same names, birth date
 * and sex; if both already exist as two patients they are merged, the earlier pseudonym wins;</li>
 * <li>without: the pseudonym of the same names, birth date and sex, else a new one.</li>
 * </ul>
 * A names key already held by a patient with a national id is never re-assigned, so two people
 * with different national ids stay apart; twins (other given name) never share a names key.
 * Each hash remembers which cases contribute it ({@code linkage_contributions}), so a withdrawal
 * removes exactly what only the withdrawn case put there.
 *
 * <p>A batch of records is resolved by {@link Batch}: the same decisions, taken in memory over
 * the index rows the batch touches (read once), written once per batch; the rare record whose
 * resolution merges two patients or drops a hash goes through the statement-by-statement path.
 */
@ApplicationScoped
public class PatientLinkage {

    /** The pseudonym to use, and the pseudonym merged into it (to re-publish), if any. */
    public record Resolution(String pseudonym, Optional<String> mergedAway) {
    }

    static final String NID = "nid";
    static final String NAME = "name";

    @Inject
    PatientPseudonymiser pseudonymiser;
    @Inject
    LinkageRepository repository;

    /** Another transaction linked a hash this one read as free: the batch is run again (and then sees it). */
    public static class Conflict extends RuntimeException {
        public Conflict(int lost) {
            super(lost + " linkage hash(es) taken by a concurrent transaction", null, false, false);
        }
    }

    /**
     * Resolves the patient of a case's record and records which keyed hashes this case
     * contributes (hashes it no longer contributes, e.g. after a corrected national id, are
     * dropped unless another case still contributes them).
     */
    @Transactional
    public Resolution resolve(JsonNode patient, String casePseudonym) {
        String keyId = pseudonymiser.keyId();
        String nameHash = pseudonymiser.linkHash(PatientPseudonymiser.nameIdentity(patient));
        Optional<String> nidIdentity = PatientPseudonymiser.nidIdentity(patient);
        Optional<String> byName = repository.ownerForUpdate(keyId, nameHash);
        Resolution result;
        List<String> contributed;
        if (nidIdentity.isEmpty()) {
            String p = byName.orElseGet(() -> pseudonymiser.pseudonym(nameHash));
            repository.link(keyId, nameHash, NAME, p);
            result = new Resolution(p, Optional.empty());
            contributed = List.of(nameHash);
        } else {
            String nidHash = pseudonymiser.linkHash(nidIdentity.get());
            contributed = List.of(nameHash, nidHash);
            result = resolveWithNid(keyId, nameHash, nidHash, byName);
        }
        for (String h : contributed) {
            repository.contribute(keyId, h, casePseudonym);
        }
        repository.forget(casePseudonym, keyId, contributed);
        return result;
    }

    private Resolution resolveWithNid(String keyId, String nameHash, String nidHash, Optional<String> byName) {
        Optional<String> byNid = repository.ownerForUpdate(keyId, nidHash);
        Optional<String> namesOnly = byName.filter(p -> !repository.hasNationalId(keyId, p));
        if (byNid.isEmpty()) {
            String p = namesOnly.orElseGet(() -> pseudonymiser.pseudonym(nidHash));
            repository.link(keyId, nidHash, NID, p);
            repository.link(keyId, nameHash, NAME, p);
            return new Resolution(p, Optional.empty());
        }
        String p = byNid.get();
        if (namesOnly.isPresent() && !namesOnly.get().equals(p)) {
            String a = p;
            String b = namesOnly.get();
            repository.lockBoth(keyId, a, b);
            String winner = repository.firstLinked(keyId, a).isAfter(repository.firstLinked(keyId, b)) ? b : a;
            String loser = winner.equals(a) ? b : a;
            repository.merge(keyId, winner, loser);
            return new Resolution(winner, Optional.of(loser));
        }
        repository.link(keyId, nameHash, NAME, p);
        return new Resolution(p, Optional.empty());
    }

    /**
     * A withdrawn case's contribution to the linkage index goes, under every key: its keyed
     * hashes are deleted unless another case still contributes the same hash, so other cases
     * keep their links and their patient pseudonym.
     */
    @Transactional
    public void withdraw(String casePseudonym) {
        repository.forget(casePseudonym, null, List.of());
    }

    /** The keyed hashes of one record's patient under the current key (never stored with the identity). */
    record Hashes(String name, Optional<String> nid) {
    }

    /** Starts resolving a batch: reads the index rows of these patients' hashes and these cases' contributions. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Batch batch(Collection<JsonNode> patients, Collection<String> casePseudonyms) {
        return new Batch(patients, casePseudonyms);
    }

    /**
     * One batch's view of the linkage index: the rows its records can read (their hashes' owners,
     * which of the possible owners hold a national id, the cases' contributions), updated in
     * memory as each record is resolved, in order, and written by {@link #flush()}. Two records of
     * one patient in the same batch therefore see each other exactly as if processed one after the
     * other. A hash read as free but taken by a concurrent transaction before the flush fails the
     * flush ({@link Conflict}): the batch is rolled back and run again.
     */
    public final class Batch {

        private final String keyId = pseudonymiser.keyId();
        private final Map<JsonNode, Hashes> hashes = new IdentityHashMap<>();
        private final Set<String> allHashes = new HashSet<>();
        private final Set<String> candidates = new HashSet<>();
        private final Set<String> cases;
        private Map<String, LinkageRepository.Owner> owners;
        private Set<String> withNid;
        private Map<String, Set<String>> contributed;
        private final List<LinkageRepository.Link> newLinks = new ArrayList<>();
        private final Set<LinkageRepository.Contribution> newContributions = new LinkedHashSet<>();
        private final Instant start = Instant.now();
        private int sequence;

        private Batch(Collection<JsonNode> patients, Collection<String> casePseudonyms) {
            for (JsonNode p : patients) {
                Hashes h = hashes(p);
                allHashes.add(h.name());
                candidates.add(pseudonymiser.pseudonym(h.name()));
                h.nid().ifPresent(n -> {
                    allHashes.add(n);
                    candidates.add(pseudonymiser.pseudonym(n));
                });
            }
            cases = new HashSet<>(casePseudonyms);
            load();
        }

        private Hashes hashes(JsonNode patient) {
            return hashes.computeIfAbsent(patient, p -> new Hashes(pseudonymiser.linkHash(PatientPseudonymiser.nameIdentity(p)),
                    PatientPseudonymiser.nidIdentity(p).map(pseudonymiser::linkHash)));
        }

        private void load() {
            owners = repository.owners(keyId, allHashes);
            Set<String> possible = new HashSet<>(candidates);
            owners.values().forEach(o -> possible.add(o.patientPseudonym()));
            withNid = repository.withNationalId(keyId, possible);
            contributed = repository.contributions(keyId, cases);
        }

        /**
         * Resolves the record as {@link PatientLinkage#resolve} would at this point of the batch;
         * a merge of two patients or a dropped hash is done by that method itself (after a flush).
         */
        public Resolution resolve(JsonNode patient, String casePseudonym) {
            Optional<Resolution> fast = inMemory(patient, casePseudonym);
            if (fast.isPresent()) {
                return fast.get();
            }
            flush();
            Resolution r = PatientLinkage.this.resolve(patient, casePseudonym);
            cases.add(casePseudonym);
            load();
            return r;
        }

        /** A withdrawn case's contribution goes (statement by statement: rare), then the view is read again. */
        public void withdraw(String casePseudonym) {
            flush();
            PatientLinkage.this.withdraw(casePseudonym);
            load();
        }

        private Optional<Resolution> inMemory(JsonNode patient, String casePseudonym) {
            Hashes h = hashes(patient);
            Optional<String> byName = owner(h.name());
            List<String> contributes = h.nid().map(n -> List.of(h.name(), n)).orElse(List.of(h.name()));
            Set<String> before = contributed.getOrDefault(casePseudonym, Set.of());
            if (!contributes.containsAll(before)) {
                return Optional.empty(); // the case drops a hash: the exact path deletes it when no other case holds it
            }
            String p;
            if (h.nid().isEmpty()) {
                p = byName.orElseGet(() -> pseudonymiser.pseudonym(h.name()));
                link(h.name(), NAME, p);
            } else {
                String nidHash = h.nid().get();
                Optional<String> byNid = owner(nidHash);
                Optional<String> namesOnly = byName.filter(o -> !withNid.contains(o));
                if (byNid.isEmpty()) {
                    p = namesOnly.orElseGet(() -> pseudonymiser.pseudonym(nidHash));
                    link(nidHash, NID, p);
                    link(h.name(), NAME, p);
                } else {
                    p = byNid.get();
                    if (namesOnly.isPresent() && !namesOnly.get().equals(p)) {
                        return Optional.empty(); // two patients are one: the exact path merges them
                    }
                    link(h.name(), NAME, p);
                }
            }
            Set<String> now = contributed.computeIfAbsent(casePseudonym, k -> new HashSet<>());
            cases.add(casePseudonym); // a later load() reads its contributions back (new cases are not read at first)
            for (String hash : contributes) {
                if (now.add(hash)) {
                    newContributions.add(new LinkageRepository.Contribution(hash, casePseudonym));
                }
            }
            return Optional.of(new Resolution(p, Optional.empty()));
        }

        private Optional<String> owner(String hash) {
            return Optional.ofNullable(owners.get(hash)).map(LinkageRepository.Owner::patientPseudonym);
        }

        /** Like {@link LinkageRepository#link}: a hash already held keeps its owner. */
        private void link(String hash, String kind, String pseudonym) {
            if (owners.containsKey(hash)) {
                return;
            }
            owners.put(hash, new LinkageRepository.Owner(pseudonym, kind));
            if (NID.equals(kind)) {
                withNid.add(pseudonym);
            }
            // distinct times in processing order: a later merge keeps the earlier patient, as one by one
            newLinks.add(new LinkageRepository.Link(hash, kind, pseudonym, start.plusNanos(1000L * sequence++)));
        }

        /** Writes what the batch linked so far; {@link Conflict} when a hash read as free was taken meanwhile. */
        public void flush() {
            int added = repository.insertLinks(keyId, newLinks);
            if (added < newLinks.size()) {
                throw new Conflict(newLinks.size() - added);
            }
            newLinks.clear();
            repository.insertContributions(keyId, newContributions);
            newContributions.clear();
        }
    }
}
