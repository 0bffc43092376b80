package org.nelmregistry.reporting.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The ancestors of a request: the same report with fewer filters, whose published numbers an adversary could
 * subtract from this one. The reports get the filtered cases and the unfiltered population, not the filters, so the
 * filters are inferred from the cases themselves: every filterable attribute on which the cases agree (and the
 * population does not), and the 5-year-period span of their index years. This depends only on the two sets of
 * cases, so the same cases always get the same protection, however they were asked for.
 *
 * <p>Level 0 is the population itself; level 1 a set that one inferred filter alone cuts from the population
 * (protected against the population); level 2 anything else (protected against the population and against every
 * level-1 set of its inferred filters — which include the actual filters, as the restriction allows at most two).
 */
final class Lineage {

    private static final List<Function<AnalyticCase, String>> ATTRIBUTES = List.of(
            AnalyticCase::indexProcedureType, AnalyticCase::whoGrade, AnalyticCase::distributionType,
            AnalyticCase::primarySite, AnalyticCase::centreId, AnalyticCase::consentScope);

    private Lineage() {
    }

    /** The ancestor case sets of {@code cases} (population first), each with its own ancestors. */
    static List<Node> ancestors(List<AnalyticCase> cases, List<AnalyticCase> population) {
        List<Node> out = new ArrayList<>();
        if (population == null || population == cases || population.size() <= cases.size()) {
            return out; // the population itself (or no population given)
        }
        Node root = new Node(population, List.of());
        out.add(root);
        List<List<AnalyticCase>> singles = new ArrayList<>();
        for (Predicate<AnalyticCase> f : inferredFilters(cases, population)) {
            List<AnalyticCase> s = population.stream().filter(f).toList();
            if (s.size() == cases.size()) {
                return out; // level 1: one filter alone gives these cases
            }
            singles.add(s);
        }
        for (List<AnalyticCase> s : singles) {
            out.add(new Node(s, List.of(root)));
        }
        return out;
    }

    /** A case set and its ancestors. */
    record Node(List<AnalyticCase> cases, List<Node> ancestors) {
    }

    static List<Predicate<AnalyticCase>> inferredFilters(List<AnalyticCase> cases, List<AnalyticCase> population) {
        List<Predicate<AnalyticCase>> out = new ArrayList<>();
        if (cases.isEmpty()) {
            return out;
        }
        for (Function<AnalyticCase, String> attr : ATTRIBUTES) {
            String v = attr.apply(cases.get(0));
            boolean uniform = cases.stream().allMatch(c -> Objects.equals(v, attr.apply(c)));
            if (uniform && population.stream().anyMatch(c -> !Objects.equals(v, attr.apply(c)))) {
                out.add(c -> Objects.equals(v, attr.apply(c)));
            }
        }
        int min = cases.stream().mapToInt(AnalyticCase::indexYear).min().getAsInt();
        int max = cases.stream().mapToInt(AnalyticCase::indexYear).max().getAsInt();
        int from = Dimensions.periodStart(min);
        int to = Dimensions.periodStart(max) + 4;
        if (population.stream().anyMatch(c -> c.indexYear() < from || c.indexYear() > to)) {
            out.add(c -> c.indexYear() >= from && c.indexYear() <= to);
        }
        return out;
    }
}
