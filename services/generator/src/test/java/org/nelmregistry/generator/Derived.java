package org.nelmregistry.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.contracts.IndexProcedure;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The form's derived outcomes (shared/domain/case-report-form.yaml, {@code derived:}) for one
 * identifiable case, kept small: enough to check the cohort's marginals. Reporting has the real
 * implementation on the de-identified record.
 */
record Derived(String indexType, String indexIntent, Integer death90d, boolean majorMorbidity, String finalType, Boolean phlfBc,
        Boolean r0, long osDays, boolean osEvent, Long rfsDays, Boolean rfsEvent) {

    static final Set<String> FINAL_RESECTIVE = Set.of("minor_hepatectomy", "major_hepatectomy", "parenchymal_sparing_resection",
            "two_stage_stage2", "alpps_stage2", "debulking");
    static final Set<String> TRANSPLANT = Set.of("liver_transplantation", "multivisceral_transplantation");
    static final Set<String> MAJOR_CD = Set.of("IIIa", "IIIb", "IVa", "IVb", "V");

    static Derived of(JsonNode c) {
        JsonNode procs = c.path("procedures");
        JsonNode idx = procs.get(IndexProcedure.of(procs).orElseThrow());
        LocalDate index = date(idx.path("procedure_date"));
        LocalDate death = null;
        LocalDate lastVisit = null;
        LocalDate firstRecurrence = null;
        for (JsonNode v : c.path("follow_up")) {
            LocalDate vd = date(v.path("visit_date"));
            lastVisit = lastVisit == null || vd.isAfter(lastVisit) ? vd : lastVisit;
            if (v.has("death_date")) {
                death = date(v.path("death_date"));
            }
            String rec = v.path("recurrence").asText();
            if (v.has("recurrence_date") && !rec.equals("none") && !rec.equals("progression_of_residual")) {
                LocalDate rd = date(v.path("recurrence_date"));
                firstRecurrence = firstRecurrence == null || rd.isBefore(firstRecurrence) ? rd : firstRecurrence;
            }
        }
        Integer d90;
        if (death != null && days(index, death) >= 0 && days(index, death) <= 90) {
            d90 = 1;
        } else if (lastVisit != null && days(index, lastVisit) >= 90) {
            d90 = 0;
        } else {
            d90 = null;
        }
        boolean morbidity = false;
        JsonNode fin = null;
        JsonNode finOrTransplant = null;
        List<JsonNode> sorted = new ArrayList<>();
        procs.forEach(sorted::add);
        sorted.sort((a, b) -> date(a.path("procedure_date")).compareTo(date(b.path("procedure_date"))));
        LocalDate lastProc = index;
        for (JsonNode p : sorted) {
            LocalDate pd = date(p.path("procedure_date"));
            lastProc = pd.isAfter(lastProc) ? pd : lastProc;
            long d = days(index, pd);
            if (d < 0) {
                continue;
            }
            if (d <= 90 && MAJOR_CD.contains(p.path("clavien_dindo_max").asText())) {
                morbidity = true;
            }
            String type = p.path("procedure_type").asText();
            if (fin == null && FINAL_RESECTIVE.contains(type)) {
                fin = p;
            }
            if (finOrTransplant == null && (FINAL_RESECTIVE.contains(type) || TRANSPLANT.contains(type))) {
                finOrTransplant = p;
            }
        }
        LocalDate end = death != null ? death : lastVisit != null ? lastVisit : lastProc;
        String intent = idx.path("intent").asText();
        boolean rfsPopulation = intent.equals("curative") && ((finOrTransplant != null
                && Set.of("R0", "R1").contains(finOrTransplant.path("margin").asText()))
                || idx.path("procedure_type").asText().equals("ablation"));
        Long rfsDays = null;
        Boolean rfsEvent = null;
        if (rfsPopulation) {
            LocalDate ev = firstRecurrence;
            if (death != null && (ev == null || death.isBefore(ev))) {
                ev = death;
            }
            rfsEvent = ev != null;
            rfsDays = days(index, ev != null ? ev : lastVisit != null ? lastVisit : lastProc);
        }
        return new Derived(idx.path("procedure_type").asText(), intent, d90, morbidity,
                fin == null ? null : fin.path("procedure_type").asText(),
                fin == null ? null : Set.of("B", "C").contains(fin.path("phlf_isgls").asText()),
                fin == null ? null : fin.path("margin").asText().equals("R0"), days(index, end), death != null, rfsDays, rfsEvent);
    }

    static LocalDate date(JsonNode n) {
        return LocalDate.parse(n.asText());
    }

    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    /** Kaplan-Meier survival at time t (days): the product over distinct event times <= t. */
    static double km(List<long[]> timeEvent, double t) {
        List<long[]> s = new ArrayList<>(timeEvent);
        s.sort((a, b) -> Long.compare(a[0], b[0]));
        double surv = 1;
        int atRisk = s.size();
        int i = 0;
        while (i < s.size() && s.get(i)[0] <= t) {
            long time = s.get(i)[0];
            int events = 0;
            int leaving = 0;
            while (i < s.size() && s.get(i)[0] == time) {
                events += (int) s.get(i)[1];
                leaving++;
                i++;
            }
            surv *= 1 - (double) events / atRisk;
            atRisk -= leaving;
        }
        return surv;
    }
}
