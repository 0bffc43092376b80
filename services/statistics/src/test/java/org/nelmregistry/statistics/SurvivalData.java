package org.nelmregistry.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded survival data with ties and censoring, in whole days as the registry stores them. */
final class SurvivalData {

    private SurvivalData() {}

    /**
     * n subjects, times uniform on 0..maxDays in steps of {@code grain} days (a coarse grain makes
     * ties, also between events and censorings), censored with probability {@code censoring}.
     */
    static List<SurvivalObservation> random(long seed, int n, int maxDays, int grain, double censoring) {
        Random rnd = new Random(seed);
        List<SurvivalObservation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double time = (double) rnd.nextInt(maxDays / grain + 1) * grain;
            out.add(new SurvivalObservation(time, rnd.nextDouble() >= censoring));
        }
        return out;
    }

    /** Exponential-ish survival with administrative censoring at {@code endDays}, as registry follow-up looks. */
    static List<SurvivalObservation> exponential(long seed, int n, double medianDays, int endDays, double lossRate) {
        Random rnd = new Random(seed);
        List<SurvivalObservation> out = new ArrayList<>(n);
        double rate = Math.log(2) / medianDays;
        for (int i = 0; i < n; i++) {
            double event = Math.floor(-Math.log(1 - rnd.nextDouble()) / rate);
            double loss = lossRate > 0 ? Math.floor(-Math.log(1 - rnd.nextDouble()) / lossRate) : Double.MAX_VALUE;
            double followUp = Math.floor(rnd.nextDouble() * endDays); // staggered entry
            double t = Math.min(event, Math.min(loss, followUp));
            out.add(new SurvivalObservation(t, t == event));
        }
        return out;
    }

    static List<SurvivalObservation> of(double[] times, boolean[] events) {
        List<SurvivalObservation> out = new ArrayList<>();
        for (int i = 0; i < times.length; i++) out.add(new SurvivalObservation(times[i], events[i]));
        return out;
    }
}
