package org.nelmregistry.statistics;

import java.util.List;

/**
 * A Kaplan–Meier fit as R's {@code survfit(Surv(time, event) ~ 1, conf.type = "log-log")}: one
 * step per distinct observed time, and the median with its 95% limits as {@code print(fit)}
 * reports them (null where R prints NA: not reached).
 */
public record KaplanMeierFit(int n, int events, List<KmStep> steps,
        Double median, Double medianLower, Double medianUpper) {

    public KaplanMeierFit {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a fit has at least one step");
        for (int i = 1; i < steps.size(); i++) {
            if (!(steps.get(i - 1).time() < steps.get(i).time())) {
                throw new IllegalArgumentException("step times must be strictly increasing (step " + i + ")");
            }
        }
    }

    /**
     * The curve at time t as {@code summary(fit, times = t)}: the step in force at t (survival 1
     * with limits 1 and n at risk before the first step, as R's survfit0 origin row), n at risk
     * counted at the first step at or after t. Null when t is beyond the last observed time: R
     * drops such times unless {@code extend = TRUE}.
     */
    public KmPoint at(double t) {
        if (Double.isNaN(t)) throw new IllegalArgumentException("t must be a number");
        if (t > lastTime()) return null;
        // findInterval(t, time) over R's rows: how many are at or before t, and how many strictly before
        int origin = hasOrigin() ? 1 : 0;
        int atOrBefore = countTimes(t, true) + (origin == 1 && 0.0 <= t ? 1 : 0);
        int before = countTimes(t, false) + (origin == 1 && 0.0 < t ? 1 : 0);
        // R takes the first row when none is at or before t; n at risk from the first row at or after t
        KmStep in = row(Math.max(1, atOrBefore) - 1);
        return new KmPoint(t, row(before).nRisk(), in.survival(), in.lower(), in.upper());
    }

    /** Number at risk at time t as {@code summary(fit, times = t)$n.risk}; 0 beyond the last observed time (R reports no row there). */
    public int atRisk(double t) {
        KmPoint p = at(t);
        return p == null ? 0 : p.nRisk();
    }

    /** Survival at time t (null beyond the last observed time). */
    public Double survivalAt(double t) {
        KmPoint p = at(t);
        return p == null ? null : p.survival();
    }

    private double lastTime() {
        return steps.get(steps.size() - 1).time();
    }

    // R's survfit0 prepends an origin row at time 0 (survival 1, limits 1) unless a step is at 0.
    private boolean hasOrigin() {
        return steps.get(0).time() != 0.0;
    }

    private KmStep row(int i) {
        if (hasOrigin()) {
            return i == 0 ? new KmStep(0.0, steps.get(0).nRisk(), 0, 0, 1.0, 1.0, 1.0) : steps.get(i - 1);
        }
        return steps.get(i);
    }

    /** Steps with time ≤ t (inclusive) or &lt; t, by binary search over the ordered step times. */
    private int countTimes(double t, boolean inclusive) {
        int lo = 0;
        int hi = steps.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double time = steps.get(mid).time();
            if (inclusive ? time <= t : time < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
