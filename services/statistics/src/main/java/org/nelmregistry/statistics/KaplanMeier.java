package org.nelmregistry.statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Kaplan–Meier estimation as R's {@code survival} package: Greenwood variance, log-log 95%
 * limits, medians as {@code print(survfit)} (survival:::survmean). Times are compared exactly, so
 * pass whole days (R's timefix only merges times that differ by rounding error).
 */
public final class KaplanMeier {

    /** R's tolerance for "survival is 0.5" in survmean: sqrt(.Machine$double.eps). */
    static final double MEDIAN_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private KaplanMeier() {}

    /**
     * {@code survfit(Surv(time, event) ~ 1, conf.type = "log-log")}, 95%.
     *
     * @throws IllegalArgumentException when obs is empty (R cannot fit no data either)
     */
    public static KaplanMeierFit fit(List<SurvivalObservation> obs) {
        List<Row> rows = table(obs, false);
        List<KmStep> steps = new ArrayList<>(rows.size());
        double surv = 1.0;
        double varHazard = 0.0; // Greenwood: sum d / (n (n - d)), the variance of log S
        int events = 0;
        for (Row r : rows) {
            if (r.events > 0) {
                surv *= (double) (r.atRisk - r.events) / r.atRisk;
                varHazard = r.atRisk > r.events
                        ? varHazard + (double) r.events / ((double) r.atRisk * (r.atRisk - r.events))
                        : Double.POSITIVE_INFINITY;
                events += r.events;
            }
            Double lower = null;
            Double upper = null;
            // R's survfit_confint: log-log limits are NA where the estimate is 0 or 1
            if (surv > 0 && surv < 1) {
                double logS = Math.log(surv);
                double se2 = Distributions.Z_975 * Math.sqrt(varHazard) / logS;
                double loglog = Math.log(-logS);
                lower = Math.exp(-Math.exp(loglog - se2));
                upper = Math.exp(-Math.exp(loglog + se2));
            }
            steps.add(new KmStep(r.time, r.atRisk, r.events, r.censored, surv, lower, upper));
        }
        double[] times = new double[steps.size()];
        double[] s = new double[steps.size()];
        double[] lo = new double[steps.size()];
        double[] up = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            KmStep k = steps.get(i);
            times[i] = k.time();
            s[i] = k.survival();
            lo[i] = k.lower() == null ? Double.NaN : k.lower();
            up[i] = k.upper() == null ? Double.NaN : k.upper();
        }
        return new KaplanMeierFit(obs.size(), events, steps,
                median(s, times), median(lo, times), median(up, times));
    }

    /**
     * Median follow-up by the reverse Kaplan–Meier method: censoring is the event and events are
     * censorings, as the median printed for {@code survfit(Surv(time, 1 - event) ~ 1)}. Null when
     * not reached (e.g. nobody censored).
     */
    public static Double medianFollowUp(List<SurvivalObservation> obs) {
        List<Row> rows = table(obs, true);
        double[] times = new double[rows.size()];
        double[] s = new double[rows.size()];
        double surv = 1.0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.events > 0) surv *= (double) (r.atRisk - r.events) / r.atRisk;
            times[i] = r.time;
            s[i] = surv;
        }
        return median(s, times);
    }

    /**
     * survival:::survmean's minmin: the first time the curve is at or below 0.5 (within R's
     * tolerance); when it sits exactly on 0.5 and later drops below, the midpoint between that time
     * and the time of the drop. NaN entries (R's NA) are skipped; null when never reached.
     */
    static Double median(double[] y, double[] x) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i]) && y[i] < 0.5 + MEDIAN_TOLERANCE) keep.add(i);
        }
        if (keep.isEmpty()) return null;
        int first = keep.get(0);
        if (Math.abs(y[first] - 0.5) < MEDIAN_TOLERANCE) {
            for (int i : keep) {
                if (y[i] < y[first]) return (x[first] + x[i]) / 2;
            }
        }
        return x[first];
    }

    /** One distinct time: subjects at risk just before it, events and censorings at it. */
    private record Row(double time, int atRisk, int events, int censored) {}

    private static List<Row> table(List<SurvivalObservation> obs, boolean reverse) {
        if (obs == null || obs.isEmpty()) throw new IllegalArgumentException("no observations");
        List<SurvivalObservation> sorted = new ArrayList<>(obs);
        sorted.sort(Comparator.comparingDouble(SurvivalObservation::time));
        List<Row> rows = new ArrayList<>();
        int atRisk = sorted.size();
        int i = 0;
        while (i < sorted.size()) {
            double t = sorted.get(i).time();
            int events = 0;
            int censored = 0;
            while (i < sorted.size() && sorted.get(i).time() == t) {
                if (sorted.get(i).event() != reverse) events++; else censored++;
                i++;
            }
            rows.add(new Row(t, atRisk, events, censored));
            atRisk -= events + censored;
        }
        return rows;
    }
}
