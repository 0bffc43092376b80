package org.nelmregistry.reporting.report;

import java.util.ArrayList;
import java.util.List;

/** Hand-built cases for the disclosure-control tests: every field defaulted, the interesting ones set. */
final class Cohort {

    private final List<AnalyticCase> cases = new ArrayList<>();
    private int seq;

    String centre = "C1";
    int year = 2020;
    String type = "major_hepatectomy";
    String sex = "female";
    String grade = "G1";
    Integer death90d = 0;
    Integer osDays = 1000;
    Integer osEvent = 0;
    List<AnalyticProcedure> procedures;

    Cohort centre(String c) {
        centre = c;
        return this;
    }

    Cohort type(String t) {
        type = t;
        return this;
    }

    Cohort sex(String s) {
        sex = s;
        return this;
    }

    Cohort grade(String g) {
        grade = g;
        return this;
    }

    Cohort death(Integer d) {
        death90d = d;
        return this;
    }

    Cohort os(int days, int event) {
        osDays = days;
        osEvent = event;
        return this;
    }

    Cohort procedures(AnalyticProcedure... ps) {
        procedures = List.of(ps);
        return this;
    }

    /** Adds n cases with the current settings. */
    Cohort add(int n) {
        for (int i = 0; i < n; i++) {
            seq++;
            List<AnalyticProcedure> ps = procedures != null ? procedures
                    : List.of(new AnalyticProcedure(1, type, "curative", 0, death90d, 0, 0, 1));
            cases.add(new AnalyticCase("CP" + seq, "PP" + seq, centre, year, 60, sex, "registry_and_research",
                    "small_intestine", grade, "type_II_complex", type, "curative", death90d, 0, 0, 1, osDays, osEvent,
                    null, null, ps));
        }
        return this;
    }

    List<AnalyticCase> cases() {
        return List.copyOf(cases);
    }

    /** Four centres of 10, 3, 7 and 12 cases. */
    static List<AnalyticCase> fourCentres() {
        return new Cohort().centre("C1").add(10).centre("C2").add(3).centre("C3").add(7).centre("C4").add(12).cases();
    }
}
