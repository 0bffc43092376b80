package org.nelmregistry.reporting.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded synthetic analytic store for the suppression audit: skewed centre volumes (one large centre, several
 * with 2–6 cases), rare categories, ALPPS and two-stage pairs, censoring and not-evaluable outcomes — the shapes
 * that make small cells. Not clinically calibrated (that is the cohort generator's job); only the analytic fields.
 */
public final class SyntheticCohort {

    static final String[] TYPES = {"major_hepatectomy", "minor_hepatectomy", "parenchymal_sparing_resection",
        "debulking", "ablation", "alpps_stage1", "two_stage_stage1", "liver_transplantation",
        "portal_vein_embolisation", "radiation_lobectomy", "multivisceral_transplantation"};
    static final double[] TYPE_W = {30, 22, 14, 10, 8, 4, 4, 3, 2, 2, 1};
    static final String[] GRADES = {"G1", "G2", "G3", "NEC", "MiNEN"};
    static final double[] GRADE_W = {40, 42, 12, 4, 2};
    static final String[] DIST = {"type_I_simple", "type_II_complex", "type_III_diffuse"};
    static final double[] DIST_W = {35, 45, 20};
    static final String[] SITES = {"small_intestine", "pancreas", "duodenum", "stomach", "appendix", "colon",
        "rectum", "lung_bronchus", "unknown_primary", "other"};
    static final double[] SITE_W = {40, 30, 5, 4, 3, 3, 3, 2, 8, 2};
    static final String[] SEX = {"female", "male", "other", "unknown"};
    static final double[] SEX_W = {48, 50, 1, 1};
    static final String[] CONSENT = {"registry_and_research", "registry_only"};
    static final double[] CONSENT_W = {80, 20};

    private SyntheticCohort() {
    }

    /** {@code n} cases over {@code centres} centres (C001 the largest, the last ones tiny), reproducible by seed. */
    public static List<AnalyticCase> generate(int n, int centres, long seed) {
        Random r = new Random(seed);
        double[] centreW = new double[centres];
        for (int i = 0; i < centres; i++) {
            centreW[i] = i == 0 ? 20 : i >= centres - 4 ? 0.8 : 10.0 / (i + 1) + 1;
        }
        List<AnalyticCase> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String centre = String.format("C%03d", pick(r, centreW) + 1);
            int year = 1995 + (int) Math.floor(Math.sqrt(r.nextDouble()) * 31); // more recent cases
            Integer age = r.nextDouble() < 0.02 ? null : Math.min(90, Math.max(18, (int) Math.round(58 + 12 * r.nextGaussian())));
            String type = TYPES[pick(r, TYPE_W)];
            String intent = type.equals("debulking") ? "cytoreductive"
                    : type.equals("portal_vein_embolisation") ? "staging_or_bridging" : "curative";
            List<AnalyticProcedure> procs = new ArrayList<>();
            int seq = 1;
            procs.add(procedure(r, seq++, type, intent, 0));
            if (type.equals("alpps_stage1")) {
                if (r.nextDouble() < 0.93) {
                    procs.add(procedure(r, seq++, "alpps_stage2", "curative", 6 + r.nextInt(16)));
                }
            } else if (type.equals("two_stage_stage1")) {
                procs.add(procedure(r, seq++, "two_stage_stage2", "curative", 30 + r.nextInt(60)));
            } else if (type.equals("portal_vein_embolisation") && r.nextDouble() < 0.7) {
                procs.add(procedure(r, seq++, "major_hepatectomy", "curative", 28 + r.nextInt(30)));
            }
            if (r.nextDouble() < 0.1) {
                procs.add(procedure(r, seq++, "ablation", "curative", 200 + r.nextInt(900)));
            }
            boolean died = r.nextDouble() < 0.35;
            int follow = (int) Math.round(-Math.log(1 - r.nextDouble()) * 2200);
            if (r.nextDouble() < 0.05) {
                follow = r.nextInt(80);
            }
            int osDays = Math.max(0, follow);
            Integer death90 = died && osDays <= 90 ? Integer.valueOf(1) : osDays >= 90 ? Integer.valueOf(0) : null;
            AnalyticProcedure last = procs.stream().filter(p -> Reports.FINAL_RESECTIVE_STEP.contains(p.procedureType()))
                    .findFirst().orElse(null);
            Integer phlf = last == null ? null : last.phlfBc();
            Integer r0 = last == null ? null : last.r0Resection();
            Integer morb = procs.stream().filter(p -> p.day() <= 90).mapToInt(AnalyticProcedure::majorMorbidity).max().orElse(0);
            boolean rfsPop = intent.equals("curative") && (last == null || r0 != null);
            Integer rfsDays = null;
            Integer rfsEvent = null;
            if (rfsPop) {
                boolean rec = r.nextDouble() < 0.55;
                rfsDays = rec ? r.nextInt(osDays + 1) : osDays;
                rfsEvent = rec || died ? 1 : 0;
            }
            out.add(new AnalyticCase(String.format("CP%05d", i), String.format("PP%05d", i), centre, year, age,
                    SEX[pick(r, SEX_W)], CONSENT[pick(r, CONSENT_W)], SITES[pick(r, SITE_W)], GRADES[pick(r, GRADE_W)],
                    DIST[pick(r, DIST_W)], type, intent, death90, morb, phlf, r0, osDays, died ? 1 : 0, rfsDays,
                    rfsEvent, List.copyOf(procs)));
        }
        return out;
    }

    private static AnalyticProcedure procedure(Random r, int seq, String type, String intent, int day) {
        boolean frs = Reports.FINAL_RESECTIVE_STEP.contains(type);
        Integer death = r.nextDouble() < 0.04 ? Integer.valueOf(1) : r.nextDouble() < 0.05 ? null : Integer.valueOf(0);
        Integer phlf = frs ? (r.nextDouble() < 0.06 ? 1 : 0) : null;
        Integer r0 = frs ? (r.nextDouble() < 0.7 ? 1 : 0) : null;
        return new AnalyticProcedure(seq, type, intent, day, death, r.nextDouble() < 0.18 ? 1 : 0, phlf, r0);
    }

    private static int pick(Random r, double[] w) {
        double s = 0;
        for (double x : w) {
            s += x;
        }
        double u = r.nextDouble() * s;
        for (int i = 0; i < w.length; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        return w.length - 1;
    }
}
