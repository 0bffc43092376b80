package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds one clinically coherent NELM case: patient, primary tumour (grade consistent with
 * Ki-67 and mitoses), liver disease (Frilling type consistent with lesions and laterality),
 * a treatment strategy (resection, staged strategies, ALPPS, debulking, ablation,
 * transplantation), operative outcomes (Clavien-Dindo, ISGLS PHLF, margins, 90-day deaths),
 * then years of follow-up with recurrences, deaths and losses to follow-up up to the data
 * cut-off. The rates are tuned so that the cohort lands in DOMAIN.md's ranges (see README).
 */
final class CaseFactory {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double YEAR = 365.25;

    /** Who the patient is; fixed from outside for the same patient at two centres and for twins. */
    record Identity(String familyName, String givenName, LocalDate birthDate, String sex, String nationalId, String country) {
    }

    /** The primary tumour, copied as is for the same patient's case at a second centre. */
    record Tumour(LocalDate diagnosisDate, String site, String differentiation, BigDecimal ki67, BigDecimal mitoses,
            String grade, String functional, String t, String n, String treatment, LocalDate resectionDate) {
    }

    /** What the cohort decides for this case before it is built. */
    record Context(long seed, int caseNo, String centreId, String centreCountry, LocalDate asOf, LocalDate earliest,
            double mortalityFactor, double r0Factor, Identity identity, LocalDate fixedIndex, Tumour tumour) {
    }

    /** The case and what the cohort needs to derive a linked case from it. */
    record Built(ObjectNode body, Identity identity, Tumour tumour, LocalDate index, LocalDate lastContact, boolean died) {
    }

    /** A procedure while it is being planned (null = field absent). */
    static final class Proc {
        LocalDate date;
        String type;
        String approach;
        String intent;
        Integer segments;
        Boolean concurrentPrimary;
        String ablationModality;
        Integer cytoreduction;
        BigDecimal sflr;
        Boolean milan;
        String donor;
        String margin;
        Integer opTime;
        Integer bloodLoss;
        Integer transfusion;
        String cd;
        BigDecimal cci;
        String phlf;
        Boolean fiftyFifty;
        Integer icu;
        int los;
        Boolean readmitted;

        Proc(LocalDate date, String type, String intent) {
            this.date = date;
            this.type = type;
            this.intent = intent;
        }
    }

    private static final Set<String> FINAL_RESECTIVE = Set.of("minor_hepatectomy", "major_hepatectomy",
            "parenchymal_sparing_resection", "two_stage_stage2", "alpps_stage2", "debulking");
    private static final Set<String> RESECTION = Set.of("minor_hepatectomy", "major_hepatectomy", "parenchymal_sparing_resection",
            "two_stage_stage1", "two_stage_stage2", "alpps_stage1", "alpps_stage2", "debulking");
    private static final Set<String> HEAVY = Set.of("major_hepatectomy", "alpps_stage2", "two_stage_stage2", "debulking",
            "liver_transplantation", "multivisceral_transplantation");
    private static final Set<String> PORTAL = Set.of("small_intestine", "duodenum", "pancreas", "stomach", "appendix", "colon");
    private static final Set<String> LIGHT = Set.of("ablation", "portal_vein_embolisation", "radiation_lobectomy");

    private final Rng rng;
    private final Context ctx;
    /** Set while the case is built: read by the steps that follow. */
    private int involvement;
    private boolean milanNet;

    private CaseFactory(Rng rng, Context ctx) {
        this.rng = rng;
        this.ctx = ctx;
    }

    static Built build(Rng rng, Context ctx) {
        return new CaseFactory(rng, ctx).build();
    }

    private Built build() {
        // --- when, and who
        LocalDate index = ctx.fixedIndex() != null ? ctx.fixedIndex() : indexDate();
        Identity id = ctx.identity() != null ? ctx.identity() : identity(index);
        int age = (int) ChronoUnit.YEARS.between(id.birthDate(), index);

        // --- tumour and liver disease
        Tumour copied = ctx.tumour();
        String site = copied != null ? copied.site() : primarySite();
        String diff = copied != null ? copied.differentiation() : rng.weighted(
                new String[] {"well_differentiated", "poorly_differentiated", "minen"}, new double[] {0.93, 0.04, 0.03});
        String grade;
        BigDecimal ki67;
        BigDecimal mitoses;
        if (copied != null) {
            grade = copied.grade();
            ki67 = copied.ki67();
            mitoses = copied.mitoses();
        } else {
            grade = switch (diff) {
                case "poorly_differentiated" -> "NEC";
                case "minen" -> "MiNEN";
                default -> rng.weighted(new String[] {"G1", "G2", "G3"}, new double[] {0.35, 0.55, 0.10});
            };
            BigDecimal[] idx = proliferation(grade);
            ki67 = idx[0];
            mitoses = idx[1];
        }
        String dist = rng.weighted(new String[] {"type_I_simple", "type_II_complex", "type_III_diffuse"}, new double[] {0.28, 0.42, 0.30});
        boolean extrahepatic = rng.chance(dist.equals("type_I_simple") ? 0.08 : dist.equals("type_II_complex") ? 0.15 : 0.25);

        // --- the treatment strategy and its procedures
        String strategy = strategy(dist, grade, age, extrahepatic);
        // Milan-NET (DOMAIN.md): G1-G2, portal drainage, primary removed beforehand, <= 50% involvement, age <= 55
        boolean primaryRemoved = copied != null ? copied.treatment().equals("resected_before_liver") : !site.equals("unknown_primary");
        milanNet = (grade.equals("G1") || grade.equals("G2")) && PORTAL.contains(site) && primaryRemoved && involvement <= 50 && age <= 55;
        List<Proc> procs = plan(strategy, index);

        // --- operative outcomes, in date order; a postoperative death ends the plan
        double mortality = ctx.mortalityFactor() * Math.exp(0.035 * (age - 60)) * (grade.equals("NEC") ? 1.3 : 1.0);
        LocalDate death = null;
        String causeOfDeath = null;
        List<Proc> done = new ArrayList<>();
        for (Proc p : procs) {
            done.add(p);
            int deathAfter = outcome(p, mortality);
            if (deathAfter >= 0) {
                death = p.date.plusDays(deathAfter);
                causeOfDeath = "postoperative_complication";
                break;
            }
        }
        procs = done;
        LocalDate firstProc = procs.get(0).date;
        LocalDate lastPlanned = procs.get(procs.size() - 1).date;
        boolean residual = residual(strategy, procs);

        // --- presentation, primary tumour treatment and dates before the first procedure
        boolean synchronous = copied == null && rng.chance(0.55);
        LocalDate liverDiag = firstProc.minusDays(rng.between(21, 150));
        if (!liverDiag.isAfter(id.birthDate())) {
            liverDiag = id.birthDate().plusDays(1);
        }
        Tumour tumour = copied != null ? copied : tumour(id, site, diff, grade, ki67, mitoses, synchronous, liverDiag,
                firstProc, index, strategy, death);
        if (copied == null && tumour.treatment().equals("resected_with_liver")) {
            procs.stream().filter(p -> p.date.equals(index)).findFirst().ifPresent(p -> p.concurrentPrimary = true);
        }

        // --- what happened after: recurrence or progression, death, loss to follow-up, visits
        ArrayNode followUp = JSON.arrayNode();
        LocalDate lastContact = lastPlanned;
        if (death != null) {
            long d = ChronoUnit.DAYS.between(index, death);
            addDeathVisit(followUp, index, d, causeOfDeath);
            lastContact = visitDate(followUp);
        } else {
            Course c = course(index, age, grade, dist, extrahepatic, strategy, procs, residual, lastPlanned);
            death = c.death;
            lastContact = c.lastContact;
            followUp = c.visits;
            procs.addAll(c.repeats);
        }
        procs.sort(Comparator.comparing(p -> p.date));

        // --- assemble in the form's order
        ObjectNode body = JSON.objectNode();
        patient(body.putObject("patient"), id, firstProc);
        primary(body.putObject("primary_tumour"), tumour);
        liver(body.putObject("liver_disease"), synchronous, liverDiag, dist, extrahepatic);
        array(body, "imaging", imaging(liverDiag, firstProc, grade, body.path("liver_disease").path("lesion_count").asInt()));
        array(body, "biomarkers", biomarkers(liverDiag, firstProc, site));
        array(body, "neoadjuvant_therapy", neoadjuvant(liverDiag, firstProc, grade));
        ArrayNode pa = body.putArray("procedures");
        procs.forEach(p -> pa.add(procedure(p)));
        array(body, "follow_up", followUp);
        return new Built(body, id, tumour, index, lastContact, death != null);
    }

    // ------------------------------------------------------------------ patient

    private LocalDate indexDate() {
        // volume grows over the years: density rising linearly from the earliest date; the last
        // index lies far enough before the cut-off for a staged second step and its 90 days
        long span = ChronoUnit.DAYS.between(ctx.earliest(), CohortGenerator.latestIndex(ctx.asOf()));
        return ctx.earliest().plusDays((long) (span * Math.sqrt(rng.u())));
    }

    private Identity identity(LocalDate index) {
        String country = rng.chance(0.92) ? ctx.centreCountry() : rng.pick(Names.COUNTRIES);
        Names.Pool pool = Names.pool(country);
        String sex = rng.weighted(new String[] {"female", "male", "other", "unknown"}, new double[] {0.48, 0.50, 0.005, 0.015});
        List<String> given = sex.equals("female") ? pool.female() : sex.equals("male") ? pool.male()
                : rng.chance(0.5) ? pool.female() : pool.male();
        int age = (int) Math.round(Math.max(22, Math.min(86, rng.normal(59, 11))));
        LocalDate birth = index.minusYears(age).minusDays(rng.between(0, 364));
        return new Identity(rng.pick(pool.family()), rng.pick(given), birth, sex, nationalId(country, ctx.caseNo()), country);
    }

    /** Unique per seed and case number; the country prefix reads like a national format. */
    static String nationalId(String country, long n) {
        return country + String.format("%012d", Math.floorMod(Rng.mix(n * 7919 + 17), 1_000_000_000_000L));
    }

    private void patient(ObjectNode p, Identity id, LocalDate firstProc) {
        p.put("local_ref", CohortGenerator.localRef(ctx.seed(), ctx.centreId(), ctx.caseNo()));
        p.put("family_name", id.familyName());
        p.put("given_name", id.givenName());
        p.put("birth_date", id.birthDate().toString());
        p.put("sex", id.sex());
        if (id.nationalId() != null) {
            p.put("national_id", id.nationalId());
        }
        if (rng.chance(0.85)) {
            p.put("medical_record_number", "MRN" + ctx.centreId() + String.format("%07d", rng.between(0, 9_999_999)));
        }
        if (rng.chance(0.7)) {
            p.put("postcode", String.format("%05d", rng.between(1000, 99999)));
        }
        p.put("country", id.country());
        if (rng.chance(0.4)) {
            p.put("phone", Names.pool(id.country()).phonePrefix() + " " + rng.between(100_000_000, 999_999_999));
        }
        if (rng.chance(0.25)) {
            p.put("email", Names.ascii(id.givenName()) + "." + Names.ascii(id.familyName()) + ctx.caseNo() + "@example.org");
        }
        p.put("consent_date", firstProc.minusDays(rng.between(1, 30)).toString());
        p.put("consent_scope", rng.chance(0.7) ? "registry_and_research" : "registry_only");
        if (rng.chance(0.8)) {
            p.put("asa_class", rng.weighted(new String[] {"I", "II", "III", "IV"}, new double[] {0.12, 0.55, 0.30, 0.03}));
        }
        if (rng.chance(0.04)) {
            p.put("notes", rng.pick(List.of("Discussed at the NET tumour board.", "Referred from a regional hospital.",
                    "Ki-67 reviewed by a reference pathologist.")));
        }
    }

    // ------------------------------------------------------------------ tumour

    private String primarySite() {
        return rng.weighted(new String[] {"small_intestine", "pancreas", "duodenum", "stomach", "appendix", "colon", "rectum",
                "lung_bronchus", "unknown_primary", "other"},
                new double[] {0.42, 0.30, 0.03, 0.02, 0.01, 0.02, 0.04, 0.05, 0.09, 0.02});
    }

    /** Ki-67 and mitotic count inside the grade's WHO 2019 band (R3); either may be absent, not both. */
    private BigDecimal[] proliferation(String grade) {
        BigDecimal ki67;
        BigDecimal mitoses = null;
        boolean noKi67 = (grade.equals("G1") || grade.equals("G2") || grade.equals("G3")) && rng.chance(0.04);
        switch (grade) {
            case "G1" -> {
                ki67 = rng.decimal1(0.5, 2.9);
                if (noKi67 || rng.chance(0.35)) {
                    mitoses = rng.decimal1(0, 1.9);
                }
            }
            case "G2" -> {
                ki67 = BigDecimal.valueOf(Math.round((3 + 17 * Math.pow(rng.u(), 1.8)) * 10), 1);
                if (noKi67) {
                    mitoses = rng.decimal1(2, 20);
                } else if (rng.chance(0.35)) {
                    mitoses = rng.decimal1(0, 12);
                }
            }
            case "G3" -> {
                ki67 = rng.decimal1(20.1, 55);
                if (noKi67) {
                    mitoses = rng.decimal1(20.1, 60);
                } else if (rng.chance(0.35)) {
                    mitoses = rng.decimal1(2, 40);
                }
            }
            case "NEC" -> ki67 = rng.decimal1(40, 90);
            default -> ki67 = rng.decimal1(25, 80);
        }
        return new BigDecimal[] {noKi67 ? null : ki67, mitoses};
    }

    private Tumour tumour(Identity id, String site, String diff, String grade, BigDecimal ki67, BigDecimal mitoses,
            boolean synchronous, LocalDate liverDiag, LocalDate firstProc, LocalDate index, String strategy, LocalDate death) {
        LocalDate diagnosis = synchronous ? liverDiag.minusDays(rng.between(0, 20)) : liverDiag.minusDays(rng.between(365, 8 * 365));
        if (!diagnosis.isAfter(id.birthDate())) {
            diagnosis = id.birthDate().plusDays(1);
        }
        String functional = "none";
        if (site.equals("small_intestine") && rng.chance(0.35)) {
            functional = "carcinoid_syndrome";
        } else if (site.equals("pancreas") && rng.chance(0.10)) {
            functional = rng.weighted(new String[] {"insulinoma", "gastrinoma", "glucagonoma", "vipoma", "other"},
                    new double[] {0.3, 0.3, 0.2, 0.1, 0.1});
        } else if (rng.chance(0.01)) {
            functional = "other";
        }
        String t = rng.chance(0.6) ? rng.weighted(new String[] {"T1", "T2", "T3", "T4", "TX"}, new double[] {0.08, 0.25, 0.40, 0.20, 0.07}) : null;
        String n = rng.chance(0.6) ? rng.weighted(new String[] {"N0", "N1", "N2", "NX"}, new double[] {0.15, 0.60, 0.15, 0.10}) : null;
        String treatment;
        LocalDate resection = null;
        boolean resectionAtIndex = RESECTION.contains(strategyIndexType(strategy));
        if (site.equals("unknown_primary")) {
            treatment = "not_resected";
        } else if (strategy.equals("transplant")) {
            treatment = "resected_before_liver"; // Milan-NET: the primary is removed before a transplant
        } else if (!synchronous) {
            treatment = rng.chance(0.93) ? "resected_before_liver" : "not_resected";
        } else {
            treatment = rng.weighted(new String[] {"resected_with_liver", "resected_before_liver", "resected_after_liver", "not_resected"},
                    new double[] {resectionAtIndex ? 0.50 : 0, 0.20, 0.15, 0.15});
        }
        switch (treatment) {
            case "resected_before_liver" -> {
                if (synchronous) {
                    long window = Math.max(0, ChronoUnit.DAYS.between(liverDiag, firstProc) - 7);
                    resection = liverDiag.plusDays(rng.between(0, (int) window));
                } else {
                    resection = diagnosis.plusDays(rng.between(7, 60));
                }
            }
            case "resected_with_liver" -> resection = index;
            case "resected_after_liver" -> {
                resection = index.plusDays(rng.between(60, 200));
                if (resection.isAfter(ctx.asOf()) || (death != null && !resection.isBefore(death))) {
                    treatment = "not_resected";
                    resection = null;
                }
            }
            default -> {
            }
        }
        return new Tumour(diagnosis, site, diff, ki67, mitoses, grade, functional, t, n, treatment, resection);
    }

    private static String strategyIndexType(String strategy) {
        return switch (strategy) {
            case "minor" -> "minor_hepatectomy";
            case "psr" -> "parenchymal_sparing_resection";
            case "ablation" -> "ablation";
            case "debulking" -> "debulking";
            case "alpps" -> "alpps_stage1";
            case "two_stage" -> "two_stage_stage1";
            case "transplant" -> "liver_transplantation";
            default -> "major_hepatectomy";
        };
    }

    private void primary(ObjectNode t, Tumour x) {
        t.put("diagnosis_date", x.diagnosisDate().toString());
        t.put("primary_site", x.site());
        t.put("differentiation", x.differentiation());
        if (x.ki67() != null) {
            t.put("ki67_percent", x.ki67());
        }
        if (x.mitoses() != null) {
            t.put("mitotic_count_per_2mm2", x.mitoses());
        }
        t.put("who_grade", x.grade());
        t.put("functional_syndrome", x.functional());
        if (x.t() != null) {
            t.put("t_category", x.t());
        }
        if (x.n() != null) {
            t.put("n_category", x.n());
        }
        t.put("primary_treatment", x.treatment());
        if (x.resectionDate() != null) {
            t.put("primary_resection_date", x.resectionDate().toString());
        }
    }

    // ------------------------------------------------------------------ liver disease

    private void liver(ObjectNode l, boolean synchronous, LocalDate diag, String dist, boolean extrahepatic) {
        l.put("presentation", synchronous ? "synchronous" : "metachronous");
        l.put("liver_metastasis_diagnosis_date", diag.toString());
        int largest;
        int lesions;
        switch (dist) {
            case "type_I_simple" -> {
                lesions = 1;
                largest = (int) Math.min(200, Math.round(Math.exp(rng.normal(3.7, 0.5))));
            }
            case "type_II_complex" -> {
                lesions = rng.between(2, 20);
                largest = (int) Math.min(250, Math.round(Math.exp(rng.normal(3.8, 0.5))));
            }
            default -> {
                lesions = Math.min(200, rng.between(8, 40) + (rng.chance(0.3) ? rng.between(0, 160) : 0));
                largest = (int) Math.min(150, Math.round(Math.exp(rng.normal(3.2, 0.5))));
            }
        }
        l.put("lesion_count", lesions);
        l.put("largest_lesion_mm", Math.max(3, largest));
        l.put("liver_involvement_percent", involvement);
        l.put("distribution_type", dist);
        l.put("bilobar", !dist.equals("type_I_simple"));
        if (rng.chance(0.6)) {
            l.put("hepatomegaly", dist.equals("type_III_diffuse") && rng.chance(0.4));
        }
        l.put("extrahepatic_disease", extrahepatic);
        if (extrahepatic) {
            ArrayNode sites = l.putArray("extrahepatic_sites");
            Set<String> s = new LinkedHashSet<>();
            s.add(rng.weighted(new String[] {"lymph_nodes", "bone", "lung", "peritoneum", "other"}, new double[] {0.55, 0.2, 0.08, 0.12, 0.05}));
            if (rng.chance(0.25)) {
                s.add(rng.weighted(new String[] {"lymph_nodes", "bone", "lung", "peritoneum", "other"}, new double[] {0.3, 0.3, 0.1, 0.2, 0.1}));
            }
            s.forEach(sites::add);
        }
    }

    // ------------------------------------------------------------------ strategy and procedures

    private String strategy(String dist, String grade, int age, boolean extrahepatic) {
        involvement = switch (dist) {
            case "type_I_simple" -> rng.between(1, 20);
            case "type_II_complex" -> rng.between(8, 55);
            default -> rng.between(15, 85);
        };
        String s = switch (dist) {
            case "type_I_simple" -> rng.weighted(new String[] {"minor", "major", "psr", "ablation", "pve_major"},
                    new double[] {0.40, 0.20, 0.17, 0.20, 0.03});
            case "type_II_complex" -> rng.weighted(new String[] {"major", "minor", "psr", "two_stage", "alpps", "debulking", "ablation",
                    "transplant", "pve_major", "rl_major"}, new double[] {0.29, 0.08, 0.10, 0.10, 0.09, 0.16, 0.04, 0.07, 0.05, 0.02});
            default -> rng.weighted(new String[] {"debulking", "major", "transplant", "alpps", "two_stage", "pve_major", "rl_major", "ablation"},
                    new double[] {0.41, 0.12, 0.17, 0.06, 0.06, 0.06, 0.06, 0.06});
        };
        boolean lowGrade = grade.equals("G1") || grade.equals("G2");
        if (s.equals("transplant") && (age > 65 || extrahepatic || !lowGrade)) {
            s = dist.equals("type_III_diffuse") ? "debulking" : "major";
        }
        if (s.equals("alpps") && age > 75) {
            s = "major";
        }
        return s;
    }

    private List<Proc> plan(String strategy, LocalDate index) {
        List<Proc> ps = new ArrayList<>();
        switch (strategy) {
            case "minor" -> ps.add(resection(index, "minor_hepatectomy", 1, 2));
            case "psr" -> ps.add(resection(index, "parenchymal_sparing_resection", 1, 3));
            case "major" -> ps.add(resection(index, "major_hepatectomy", 3, 7));
            case "pve_major" -> {
                Proc pve = new Proc(index.minusDays(rng.between(28, 56)), "portal_vein_embolisation", "staging_or_bridging");
                pve.approach = "percutaneous";
                pve.sflr = rng.decimal1(15, 28);
                ps.add(pve);
                ps.add(resection(index, "major_hepatectomy", 4, 6));
            }
            case "rl_major" -> {
                Proc rl = new Proc(index.minusDays(rng.between(90, 240)), "radiation_lobectomy", "staging_or_bridging");
                rl.approach = "percutaneous";
                ps.add(rl);
                ps.add(resection(index, "major_hepatectomy", 4, 6));
            }
            case "ablation" -> {
                Proc a = new Proc(index, "ablation", rng.chance(0.8) ? "curative" : "cytoreductive");
                a.approach = rng.weighted(new String[] {"percutaneous", "laparoscopic", "open"}, new double[] {0.55, 0.35, 0.10});
                a.ablationModality = rng.weighted(new String[] {"rfa", "mwa", "ire", "other"}, new double[] {0.45, 0.45, 0.05, 0.05});
                ps.add(a);
            }
            case "debulking" -> {
                Proc d = resection(index, "debulking", 1, 5);
                d.intent = "cytoreductive";
                double u = rng.u();
                d.cytoreduction = u < 0.55 ? rng.between(90, 100) : u < 0.90 ? rng.between(70, 89) : rng.between(50, 69);
                ps.add(d);
            }
            case "alpps" -> {
                Proc s1 = resection(index, "alpps_stage1", 0, 2);
                s1.sflr = rng.decimal1(14, 28);
                s1.approach = rng.chance(0.9) ? "open" : "laparoscopic";
                ps.add(s1);
                if (!rng.chance(0.03)) { // insufficient growth or progression: no stage 2
                    int interval = 6 + (int) Math.min(30, Math.round(rng.exp(1 / 4.5)));
                    Proc s2 = resection(index.plusDays(interval), "alpps_stage2", 3, 6);
                    s2.sflr = rng.decimal1(30, 48);
                    s2.approach = s1.approach;
                    ps.add(s2);
                }
            }
            case "two_stage" -> {
                Proc s1 = resection(index, "two_stage_stage1", 1, 2);
                s1.sflr = rng.decimal1(18, 30);
                ps.add(s1);
                int pveAt = rng.between(7, 28);
                if (rng.chance(0.75)) {
                    Proc pve = new Proc(index.plusDays(pveAt), "portal_vein_embolisation", "staging_or_bridging");
                    pve.approach = "percutaneous";
                    pve.sflr = s1.sflr;
                    ps.add(pve);
                }
                if (!rng.chance(0.20)) { // dropped out: progression before the second stage
                    Proc s2 = resection(index.plusDays(pveAt + rng.between(28, 60)), "two_stage_stage2", 3, 6);
                    s2.sflr = rng.decimal1(30, 45);
                    ps.add(s2);
                }
            }
            case "transplant" -> {
                boolean multi = rng.chance(0.08);
                Proc t = new Proc(index, multi ? "multivisceral_transplantation" : "liver_transplantation", "curative");
                t.approach = "open";
                t.donor = rng.chance(0.92) ? "deceased" : "living";
                ps.add(t);
            }
            default -> throw new IllegalStateException(strategy);
        }
        return ps;
    }

    private Proc resection(LocalDate date, String type, int minSeg, int maxSeg) {
        Proc p = new Proc(date, type, "curative");
        p.segments = rng.between(minSeg, maxSeg);
        p.approach = type.equals("major_hepatectomy") || type.startsWith("alpps") || type.startsWith("two_stage") || type.equals("debulking")
                ? rng.weighted(new String[] {"open", "laparoscopic", "robotic"}, new double[] {0.75, 0.20, 0.05})
                : rng.weighted(new String[] {"open", "laparoscopic", "robotic"}, new double[] {0.45, 0.45, 0.10});
        if (rng.chance(0.5)) {
            p.concurrentPrimary = false;
        }
        return p;
    }

    /**
     * Margin, PHLF, Clavien-Dindo, stay; returns the days from the procedure to a postoperative
     * death (Clavien-Dindo V), or -1.
     */
    private int outcome(Proc p, double mortality) {
        String t = p.type;
        // margins (R4): not_applicable exactly for PVE, radiation lobectomy, ablation and first stages
        if (LIGHT.contains(t) || t.equals("alpps_stage1") || t.equals("two_stage_stage1")) {
            p.margin = "not_applicable";
        } else if (t.equals("debulking")) {
            p.margin = rng.chance(0.85) ? "R2" : "R1";
        } else {
            double r0 = switch (t) {
                case "minor_hepatectomy" -> 0.80;
                case "parenchymal_sparing_resection" -> 0.70;
                case "alpps_stage2" -> 0.90;
                case "two_stage_stage2" -> 0.70;
                case "liver_transplantation", "multivisceral_transplantation" -> 0.92;
                default -> 0.72;
            } * ctx.r0Factor();
            double u = rng.u();
            p.margin = u < r0 ? "R0" : u < r0 + (1 - r0) * 0.75 ? "R1" : "R2";
        }
        if (p.type.equals("liver_transplantation") || p.type.equals("multivisceral_transplantation")) {
            p.milan = milanNet;
        }
        // ISGLS post-hepatectomy liver failure on the final resective step
        if (FINAL_RESECTIVE.contains(t)) {
            boolean heavy = t.equals("major_hepatectomy") || t.equals("two_stage_stage2") || (t.equals("debulking") && p.segments >= 3);
            double[] w = t.equals("alpps_stage2") ? new double[] {0.83, 0.13, 0.03, 0.01}
                    : heavy ? new double[] {0.80, 0.13, 0.05, 0.02} : new double[] {0.95, 0.04, 0.008, 0.002};
            p.phlf = rng.weighted(new String[] {"none", "A", "B", "C"}, w);
            if (rng.chance(0.7)) {
                p.fiftyFifty = p.phlf.equals("C") || (p.phlf.equals("B") && rng.chance(0.4));
            }
        }
        double base = switch (t) {
            case "major_hepatectomy" -> 0.028;
            case "minor_hepatectomy", "parenchymal_sparing_resection", "two_stage_stage1" -> 0.007;
            case "debulking" -> 0.028;
            case "ablation" -> 0.003;
            case "portal_vein_embolisation" -> 0.002;
            case "radiation_lobectomy" -> 0.004;
            case "alpps_stage1" -> 0.012;
            case "alpps_stage2" -> 0.025;
            case "two_stage_stage2" -> 0.032;
            case "liver_transplantation" -> 0.14;
            case "multivisceral_transplantation" -> 0.20;
            default -> 0.01;
        };
        double pDeath = base * mortality + ("C".equals(p.phlf) ? 0.30 : "B".equals(p.phlf) ? 0.03 : 0);
        boolean dies = rng.chance(Math.min(0.9, pDeath));
        int deathAfter = -1;
        if (dies) {
            deathAfter = 2 + (int) Math.min(87, Math.round(rng.exp(1 / 18.0)));
            p.cd = "V";
        } else {
            double[] w = HEAVY.contains(t) ? new double[] {0.40, 0.14, 0.22, 0.11, 0.07, 0.04, 0.02}
                    : LIGHT.contains(t) ? new double[] {0.75, 0.12, 0.09, 0.03, 0.01, 0, 0}
                    : new double[] {0.55, 0.15, 0.19, 0.07, 0.03, 0.01, 0};
            p.cd = rng.weighted(new String[] {"none", "I", "II", "IIIa", "IIIb", "IVa", "IVb"}, w);
            if ("C".equals(p.phlf) && rank(p.cd) < rank("IVa")) {
                p.cd = "IVa";
            } else if ("B".equals(p.phlf) && rank(p.cd) < rank("II")) {
                p.cd = "II";
            }
        }
        // stay, ICU, theatre
        int[] los = switch (t) {
            case "major_hepatectomy", "debulking", "alpps_stage2", "two_stage_stage2" -> new int[] {6, 14};
            case "minor_hepatectomy" -> new int[] {3, 8};
            case "parenchymal_sparing_resection", "two_stage_stage1" -> new int[] {4, 9};
            case "alpps_stage1" -> new int[] {5, 12};
            case "liver_transplantation", "multivisceral_transplantation" -> new int[] {10, 28};
            case "ablation" -> new int[] {1, 3};
            default -> new int[] {1, 2};
        };
        p.los = rng.between(los[0], los[1]) + switch (p.cd) {
            case "IIIa" -> rng.between(3, 7);
            case "IIIb" -> rng.between(5, 12);
            case "IVa", "IVb" -> rng.between(10, 25);
            default -> 0;
        };
        if (dies && rng.chance(0.7)) {
            p.los = deathAfter; // died in hospital
        }
        if (HEAVY.contains(t) || t.equals("alpps_stage1")) {
            p.icu = rng.between(0, 2) + (p.cd.startsWith("IV") || dies ? rng.between(3, 15) : 0);
            p.opTime = rng.between(180, 480);
            p.bloodLoss = rng.between(100, 1500);
            p.transfusion = rng.chance(0.2) ? rng.between(1, 6) : 0;
        } else if (RESECTION.contains(t)) {
            p.opTime = rng.between(90, 300);
            p.bloodLoss = rng.between(50, 800);
        } else if (rng.chance(0.5)) {
            p.opTime = rng.between(30, 120);
        }
        if (rng.chance(0.6)) {
            double cci = switch (p.cd) {
                case "I" -> 8.7;
                case "II" -> 20.9;
                case "IIIa" -> 26.2;
                case "IIIb" -> 33.7;
                case "IVa" -> 42.4;
                case "IVb" -> 46.2;
                case "V" -> 100;
                default -> 0;
            };
            if (cci > 0 && cci < 100 && rng.chance(0.3)) {
                cci = Math.min(99, cci + rng.uniform(3, 15));
            }
            p.cci = BigDecimal.valueOf(Math.round(cci * 10), 1);
        }
        if (!dies && rng.chance(0.8)) {
            p.readmitted = rng.chance(0.08);
        }
        return deathAfter;
    }

    private static int rank(String cd) {
        return List.of("none", "I", "II", "IIIa", "IIIb", "IVa", "IVb", "V").indexOf(cd);
    }

    /** Disease left behind: debulking, an R2 final step, or a staged strategy stopped before its second step. */
    private static boolean residual(String strategy, List<Proc> procs) {
        Proc last = procs.get(procs.size() - 1);
        if (strategy.equals("debulking") || "R2".equals(last.margin)) {
            return true;
        }
        if (last.type.equals("ablation")) {
            return "cytoreductive".equals(last.intent);
        }
        return last.type.equals("alpps_stage1") || last.type.equals("two_stage_stage1") || last.type.equals("portal_vein_embolisation");
    }

    private ObjectNode procedure(Proc p) {
        ObjectNode o = JSON.objectNode();
        o.put("procedure_date", p.date.toString());
        o.put("procedure_type", p.type);
        o.put("approach", p.approach);
        o.put("intent", p.intent);
        putIf(o, "segments_resected", p.segments);
        if (p.concurrentPrimary != null) {
            o.put("concurrent_primary_resection", p.concurrentPrimary);
        }
        if (p.ablationModality != null) {
            o.put("ablation_modality", p.ablationModality);
        }
        putIf(o, "cytoreduction_percent", p.cytoreduction);
        if (p.sflr != null) {
            o.put("sflr_percent", p.sflr);
        }
        if (p.milan != null) {
            o.put("milan_net_criteria_met", p.milan);
        }
        if (p.donor != null) {
            o.put("donor_type", p.donor);
        }
        o.put("margin", p.margin);
        putIf(o, "operative_time_min", p.opTime);
        putIf(o, "blood_loss_ml", p.bloodLoss);
        putIf(o, "transfusion_units", p.transfusion);
        o.put("clavien_dindo_max", p.cd);
        if (p.cci != null) {
            o.put("comprehensive_complication_index", p.cci);
        }
        if (p.phlf != null) {
            o.put("phlf_isgls", p.phlf);
        }
        if (p.fiftyFifty != null) {
            o.put("fifty_fifty_met", p.fiftyFifty);
        }
        putIf(o, "icu_days", p.icu);
        o.put("length_of_stay_days", Math.min(365, p.los));
        if (p.readmitted != null) {
            o.put("readmitted_within_90d", p.readmitted);
        }
        return o;
    }

    private static void putIf(ObjectNode o, String k, Integer v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    // ------------------------------------------------------------------ after the procedure

    private static final class Course {
        ArrayNode visits = JSON.arrayNode();
        List<Proc> repeats = new ArrayList<>();
        LocalDate death;
        LocalDate lastContact;
    }

    private Course course(LocalDate index, int age, String grade, String dist, boolean extrahepatic, String strategy,
            List<Proc> procs, boolean residual, LocalDate lastPlanned) {
        double g = switch (grade) {
            case "G1" -> 0.55;
            case "G2" -> 1.0;
            case "G3" -> 2.3;
            case "NEC" -> 5.0;
            default -> 3.5;
        };
        double d = dist.equals("type_I_simple") ? 0.75 : dist.equals("type_II_complex") ? 1.0 : 1.35;
        double e = extrahepatic ? 1.5 : 1.0;
        boolean transplant = strategy.equals("transplant");
        String lastMargin = procs.get(procs.size() - 1).margin;
        double deathRate = 0.040 * g * d * e * Math.exp(0.03 * (age - 60)) * (residual ? 1.6 : 1.0) * (transplant ? 1.7 : 1.0);
        double recRate = (residual ? 0.40 : 0.18) * Math.pow(g, 0.6) * d * Math.sqrt(e) * ("R1".equals(lastMargin) ? 1.3 : 1.0);
        long planned = ChronoUnit.DAYS.between(index, lastPlanned);
        // events fall after the treatment plan's last step, so no death precedes a procedure (R6)
        double tRec = planned + 60 + rng.exp(recRate) * YEAR;
        double firstDeath = rng.exp(deathRate) * YEAR;
        double tDeath = planned + 91 + firstDeath;
        boolean recurredFirst = tDeath > tRec;
        if (recurredFirst) {
            tDeath = tRec + rng.exp(deathRate * 2.2) * YEAR;
        }
        double tLost = rng.chance(0.09) ? rng.uniform(0.3, 8) * YEAR : Double.MAX_VALUE;
        long end = ChronoUnit.DAYS.between(index, ctx.asOf());
        String recType = residual ? "progression_of_residual" : rng.weighted(
                new String[] {"hepatic", "extrahepatic", "hepatic_and_extrahepatic"}, new double[] {0.55, 0.20, 0.25});

        Course c = new Course();
        c.lastContact = lastPlanned;
        boolean recRecorded = false;
        long day = 95 + rng.between(0, 20);
        int k = 0;
        long stop = (long) Math.floor(Math.min(Math.min(tDeath, tLost), end));
        while (day < stop) {
            ObjectNode v = c.visits.addObject();
            v.put("visit_date", index.plusDays(day).toString());
            v.put("vital_status", "alive");
            recRecorded = recurrence(v, day, tRec, recType, recRecorded, index, c, tDeath, tLost, end);
            c.lastContact = index.plusDays(day);
            k++;
            // 3 and 6 months, then half-yearly to 2 years, then yearly
            long next = k == 1 ? 182 : k == 2 ? 365 : k == 3 ? 547 : 730L + 365L * (k - 4);
            day = Math.max(day + 60, next + rng.between(-14, 14));
        }
        if (tLost < Math.min(tDeath, end)) {
            ObjectNode v = c.visits.addObject();
            long lost = (long) tLost;
            if (lost <= end) {
                v.put("visit_date", index.plusDays(lost).toString());
                v.put("vital_status", "lost_to_follow_up");
                recurrence(v, lost, tRec, recType, recRecorded, index, c, tDeath, tLost, end);
                c.lastContact = index.plusDays(lost);
            } else {
                c.visits.remove(c.visits.size() - 1);
            }
        } else if (tDeath <= end) {
            String cause = recurredFirst
                    ? rng.weighted(new String[] {"disease_progression", "other_cause", "unknown"}, new double[] {0.85, 0.10, 0.05})
                    : rng.weighted(new String[] {"other_cause", "disease_progression", "unknown"}, new double[] {0.55, 0.25, 0.20});
            long dd = (long) tDeath;
            ObjectNode v = addDeathVisit(c.visits, index, dd, cause);
            if (dd >= tRec && !recRecorded) {
                v.put("recurrence", recType);
                v.put("recurrence_date", index.plusDays((long) tRec).toString());
                reorderDeathVisit(v);
            } else if (dd >= tRec) {
                v.put("recurrence", recType);
                reorderDeathVisit(v);
            }
            c.death = index.plusDays(dd);
            c.lastContact = visitDate(c.visits);
        }
        return c;
    }

    /** Records the recurrence state at a visit; the first visit after it carries its date. */
    private boolean recurrence(ObjectNode v, long day, double tRec, String recType, boolean recorded, LocalDate index, Course c,
            double tDeath, double tLost, long end) {
        if (day < tRec) {
            v.put("recurrence", "none");
            if (rng.chance(0.1)) {
                v.putArray("further_treatment").add("none");
            }
            return recorded;
        }
        v.put("recurrence", recType);
        if (recorded) {
            return true;
        }
        v.put("recurrence_date", index.plusDays((long) tRec).toString());
        Set<String> ft = new LinkedHashSet<>();
        String[] options = {"somatostatin_analogue", "prrt", "repeat_resection", "ablation", "chemotherapy", "targeted_therapy", "other"};
        double[] w = {0.35, 0.20, 0.12, 0.12, 0.10, 0.05, 0.06};
        ft.add(rng.weighted(options, w));
        if (rng.chance(0.3)) {
            ft.add(rng.weighted(options, w));
        }
        ArrayNode a = v.putArray("further_treatment");
        ft.forEach(a::add);
        // some re-treatments are liver procedures of the same case
        boolean resect = ft.contains("repeat_resection");
        if ((resect || ft.contains("ablation")) && rng.chance(0.6)) {
            long at = day + rng.between(14, 60);
            if (at < tDeath - 120 && at < tLost && at <= end) {
                Proc p;
                if (resect) {
                    p = resection(index.plusDays(at), rng.chance(0.6) ? "minor_hepatectomy" : "parenchymal_sparing_resection", 1, 2);
                } else {
                    p = new Proc(index.plusDays(at), "ablation", "curative");
                    p.approach = rng.chance(0.7) ? "percutaneous" : "laparoscopic";
                    p.ablationModality = rng.weighted(new String[] {"rfa", "mwa"}, new double[] {0.5, 0.5});
                }
                repeatOutcome(p);
                c.repeats.add(p);
            }
        }
        return true;
    }

    /** A re-treatment after recurrence: its own complications, but no postoperative death. */
    private void repeatOutcome(Proc p) {
        p.margin = p.type.equals("ablation") ? "not_applicable" : rng.chance(0.75) ? "R0" : "R1";
        if (FINAL_RESECTIVE.contains(p.type)) {
            p.phlf = rng.weighted(new String[] {"none", "A", "B"}, new double[] {0.95, 0.04, 0.01});
        }
        p.cd = rng.weighted(new String[] {"none", "I", "II", "IIIa", "IIIb"}, new double[] {0.6, 0.15, 0.17, 0.06, 0.02});
        p.los = p.type.equals("ablation") ? rng.between(1, 3) : rng.between(3, 9);
    }

    private ObjectNode addDeathVisit(ArrayNode visits, LocalDate index, long deathDay, String cause) {
        LocalDate death = index.plusDays(deathDay);
        LocalDate seen = death.plusDays(rng.between(0, 30));
        if (seen.isAfter(ctx.asOf())) {
            seen = death.isAfter(ctx.asOf()) ? death : ctx.asOf();
        }
        ObjectNode v = visits.addObject();
        v.put("visit_date", seen.toString());
        v.put("vital_status", "dead");
        v.put("recurrence", "none");
        v.put("death_date", death.toString());
        v.put("cause_of_death", cause);
        return v;
    }

    /** Keeps the form's field order on a death visit whose recurrence was filled in afterwards. */
    private static void reorderDeathVisit(ObjectNode v) {
        ObjectNode copy = v.deepCopy();
        v.removeAll();
        for (String f : List.of("visit_date", "vital_status", "recurrence", "recurrence_date", "death_date", "cause_of_death",
                "further_treatment")) {
            if (copy.has(f)) {
                v.set(f, copy.get(f));
            }
        }
    }

    private static LocalDate visitDate(ArrayNode visits) {
        return LocalDate.parse(visits.get(visits.size() - 1).path("visit_date").asText());
    }

    // ------------------------------------------------------------------ work-up before the first procedure

    private ArrayNode imaging(LocalDate from, LocalDate firstProc, String grade, int lesionCount) {
        ArrayNode a = JSON.arrayNode();
        int n = rng.between(1, 3);
        List<LocalDate> dates = new ArrayList<>();
        long window = Math.max(0, ChronoUnit.DAYS.between(from, firstProc) - 2);
        for (int i = 0; i < n; i++) {
            dates.add(from.plusDays(rng.between(0, (int) window)));
        }
        dates.sort(null);
        for (LocalDate d : dates) {
            ObjectNode o = a.addObject();
            o.put("imaging_date", d.toString());
            String m = rng.weighted(new String[] {"ct", "mri", "mri_dwi", "ceus", "ga68_ssa_pet", "cu64_ssa_pet", "fdg_pet", "ssa_scintigraphy"},
                    new double[] {0.28, 0.10, 0.22, 0.03, 0.25, 0.03, 0.05, 0.04});
            o.put("modality", m);
            if (m.endsWith("ssa_pet") || m.equals("ssa_scintigraphy")) {
                o.put("ssa_receptor_positive", rng.chance(grade.equals("NEC") ? 0.3 : 0.9));
            }
            if (m.equals("fdg_pet")) {
                o.put("fdg_positive", grade.equals("G3") || grade.equals("NEC") || rng.chance(0.2));
            }
            if (rng.chance(0.5)) {
                o.put("lesions_detected", Math.max(0, Math.min(200, lesionCount + rng.between(-2, 2))));
            }
        }
        return a;
    }

    private ArrayNode biomarkers(LocalDate from, LocalDate firstProc, String site) {
        ArrayNode a = JSON.arrayNode();
        int n = rng.between(0, 2);
        long window = Math.max(0, ChronoUnit.DAYS.between(from, firstProc) - 1);
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dates.add(from.plusDays(rng.between(0, (int) window)));
        }
        dates.sort(null);
        for (LocalDate d : dates) {
            ObjectNode o = a.addObject();
            o.put("sample_date", d.toString());
            o.put("chromogranin_a_ug_l", BigDecimal.valueOf(Math.round(Math.min(99_999, Math.exp(rng.normal(5.5, 1.2))) * 10), 1));
            if (site.equals("small_intestine") && rng.chance(0.6)) {
                o.put("urinary_5hiaa_umol_24h", BigDecimal.valueOf(Math.round(Math.min(9_999, Math.exp(rng.normal(3.8, 1.0))) * 10), 1));
            }
            if (rng.chance(0.1)) {
                o.put("netest_score", rng.between(13, 100));
            }
        }
        return a;
    }

    private ArrayNode neoadjuvant(LocalDate from, LocalDate firstProc, String grade) {
        ArrayNode a = JSON.arrayNode();
        long window = Math.max(0, ChronoUnit.DAYS.between(from, firstProc) - 7);
        boolean high = grade.equals("G3") || grade.equals("NEC") || grade.equals("MiNEN");
        String[][] therapies = {{"somatostatin_analogue", high ? "0.15" : "0.45"}, {"prrt", "0.06"},
                {"chemotherapy", high ? "0.6" : "0.04"}, {"tae_tace", "0.03"}, {"sirt", "0.02"}, {"targeted_therapy", "0.02"}};
        for (String[] t : therapies) {
            if (!rng.chance(Double.parseDouble(t[1]))) {
                continue;
            }
            ObjectNode o = a.addObject();
            o.put("therapy", t[0]);
            o.put("start_date", from.plusDays(rng.between(0, (int) window)).toString());
            if (t[0].equals("prrt") || t[0].equals("chemotherapy")) {
                o.put("cycles", t[0].equals("prrt") ? rng.between(2, 4) : rng.between(3, 8));
            }
            if (rng.chance(0.7)) {
                o.put("response", rng.weighted(new String[] {"partial", "stable", "progressive", "not_assessed", "complete"},
                        new double[] {0.3, 0.45, 0.08, 0.15, 0.02}));
            }
        }
        return a;
    }

    private static void array(ObjectNode body, String name, ArrayNode a) {
        if (!a.isEmpty()) {
            body.set(name, a);
        }
    }
}
