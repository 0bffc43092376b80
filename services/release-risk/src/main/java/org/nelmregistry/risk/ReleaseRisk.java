package org.nelmregistry.risk;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-identification risk of a set of records for chosen quasi-identifiers: the records are
 * grouped into equivalence classes (equal generalised quasi-identifier values); the smallest
 * class is the k the release achieves; the prosecutor risk of a record is 1 / its class size,
 * so the maximum is 1 / smallest k and the average over records is classes / records.
 */
public final class ReleaseRisk {

    public static final int DEFAULT_K = 5;

    /**
     * @param records          how many records were assessed
     * @param classes          how many equivalence classes they form
     * @param classSizes       class size -> number of classes of that size
     * @param smallestK        the smallest class (0 when there are no records)
     * @param threshold        the k asked for
     * @param recordsBelowK    records in classes smaller than the threshold
     * @param shareBelowK      recordsBelowK / records
     * @param maxProsecutorRisk     1 / smallestK
     * @param averageProsecutorRisk classes / records
     */
    public record Report(List<String> quasiIdentifiers, int records, int classes, Map<Integer, Integer> classSizes,
            int smallestK, int threshold, int recordsBelowK, double shareBelowK, double maxProsecutorRisk,
            double averageProsecutorRisk) {
    }

    private ReleaseRisk() {
    }

    public static Report assess(Iterable<? extends Map<String, ?>> records, List<QuasiIdentifier> qis, int k) {
        Map<List<String>, Integer> classes = new HashMap<>();
        for (Map<String, ?> r : records) {
            classes.merge(qis.stream().map(q -> q.value(r)).toList(), 1, Integer::sum);
        }
        return ofClasses(qis.stream().map(QuasiIdentifier::code).toList(), classes.values(), k);
    }

    /**
     * The report of records already grouped into equivalence classes (one size per class), for callers
     * that stream their records and count the classes themselves (an export of a million rows).
     */
    public static Report ofClasses(List<String> quasiIdentifiers, Collection<Integer> classSizes, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        Map<Integer, Integer> sizes = new TreeMap<>();
        int n = 0;
        int smallest = 0;
        int below = 0;
        for (int size : classSizes) {
            n += size;
            sizes.merge(size, 1, Integer::sum);
            smallest = smallest == 0 ? size : Math.min(smallest, size);
            if (size < k) {
                below += size;
            }
        }
        return new Report(List.copyOf(quasiIdentifiers), n, classSizes.size(), sizes, smallest, k, below,
                n == 0 ? 0 : (double) below / n, smallest == 0 ? 0 : 1.0 / smallest,
                n == 0 ? 0 : (double) classSizes.size() / n);
    }
}
