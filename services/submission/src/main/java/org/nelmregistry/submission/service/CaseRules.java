package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.nelmregistry.common.rest.ProblemError;
import org.nelmregistry.contracts.IndexProcedure;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.FieldType;
import org.nelmregistry.contracts.crf.Section;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The cross-field rules R1-R11 of the case report form (R5-R7's conditional fields are checked
 * with the fields, from their {@code required_when}). Each rule reads only values that passed
 * the field checks, so one wrong value is reported once. Pointers follow the form's rules
 * section; details never quote values.
 */
final class CaseRules {

    /** R4: the staged first steps of the form's procedure group, and ablation. */
    static Set<String> marginNotApplicable(CaseReportForm form) {
        Set<String> s = new java.util.HashSet<>(form.procedureGroup("staged_first_step"));
        s.add("ablation");
        return s;
    }

    private CaseRules() {
    }

    static void check(CaseReportForm form, JsonNode c, List<ProblemError> errors, List<ProblemError> warnings) {
        r1Dates(form, c, errors);
        r2Sequence(c, errors);
        r3WhoGrade(c, errors);
        r4Margin(marginNotApplicable(form), c, errors);
        r6Death(c, errors);
        r8Extent(c, errors);
        r9Transplant(form, c, warnings);
        r10Distribution(c, errors);
        r11ExclusiveNone(form, c, errors);
    }

    static LocalDate date(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(v.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static BigDecimal number(JsonNode v) {
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }

    /** Every entry of a section (one object or the array's objects) with its pointer. */
    interface EntryVisitor {
        void visit(JsonNode entry, String pointer);
    }

    static void entries(JsonNode c, Section s, EntryVisitor v) {
        JsonNode node = c.get(s.code());
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            v.visit(node, "/" + s.code());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isObject()) {
                    v.visit(node.get(i), "/" + s.code() + "/" + i);
                }
            }
        }
    }

    // R1: birth_date before every other date; no date later than tomorrow (UTC)
    static void r1Dates(CaseReportForm form, JsonNode c, List<ProblemError> errors) {
        LocalDate latest = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        LocalDate birth = date(c.path("patient").get("birth_date"));
        for (Section s : form.sections()) {
            entries(c, s, (entry, base) -> {
                for (Field f : s.fields()) {
                    if (f.type() != FieldType.DATE) {
                        continue;
                    }
                    LocalDate d = date(entry.get(f.code()));
                    if (d == null) {
                        continue;
                    }
                    if (d.isAfter(latest)) {
                        errors.add(new ProblemError(base + "/" + f.code(), "R1-dates-in-order", f.code() + " lies in the future"));
                    } else if (birth != null && !"birth_date".equals(f.code()) && !d.isAfter(birth)) {
                        errors.add(new ProblemError(base + "/" + f.code(), "R1-dates-in-order",
                                f.code() + " must be after birth_date"));
                    }
                }
            });
        }
    }

    // R2: a stage 2 needs an earlier stage 1 of the same strategy, at least one day before
    static void r2Sequence(JsonNode c, List<ProblemError> errors) {
        JsonNode procs = c.path("procedures");
        for (int i = 0; i < procs.size(); i++) {
            String type = procs.get(i).path("procedure_type").asText();
            if (!type.equals("alpps_stage2") && !type.equals("two_stage_stage2")) {
                continue;
            }
            String first = type.replace("stage2", "stage1");
            LocalDate d2 = date(procs.get(i).get("procedure_date"));
            boolean ok = false;
            for (JsonNode p : procs) {
                LocalDate d1 = date(p.get("procedure_date"));
                if (first.equals(p.path("procedure_type").asText()) && d1 != null && d2 != null && !d1.isAfter(d2.minusDays(1))) {
                    ok = true;
                }
            }
            if (!ok) {
                errors.add(new ProblemError("/procedures/" + i + "/procedure_type", "R2-procedure-sequence",
                        type + " needs a " + first + " at least one day earlier in the same case"));
            }
        }
    }

    /** The WHO 2019 grade a well-differentiated tumour's indices imply, or null without any index. */
    static String impliedGrade(BigDecimal ki67, BigDecimal mitoses) {
        int g = 0;
        if (ki67 != null) {
            g = Math.max(g, ki67.compareTo(BigDecimal.valueOf(3)) < 0 ? 1 : ki67.compareTo(BigDecimal.valueOf(20)) <= 0 ? 2 : 3);
        }
        if (mitoses != null) {
            g = Math.max(g, mitoses.compareTo(BigDecimal.valueOf(2)) < 0 ? 1 : mitoses.compareTo(BigDecimal.valueOf(20)) <= 0 ? 2 : 3);
        }
        return g == 0 ? null : "G" + g;
    }

    // R3: who_grade agrees with differentiation and the proliferation indices
    static void r3WhoGrade(JsonNode c, List<ProblemError> errors) {
        JsonNode t = c.path("primary_tumour");
        String grade = t.path("who_grade").asText(null);
        String diff = t.path("differentiation").asText(null);
        if (grade == null || diff == null) {
            return;
        }
        String expected = switch (diff) {
            case "poorly_differentiated" -> "NEC";
            case "minen" -> "MiNEN";
            case "well_differentiated" -> impliedGrade(number(t.get("ki67_percent")), number(t.get("mitotic_count_per_2mm2")));
            default -> null;
        };
        if (expected != null && !expected.equals(grade)) {
            errors.add(new ProblemError("/primary_tumour/who_grade", "R3-who-grade",
                    "who_grade must be " + expected + " for this differentiation and Ki-67/mitotic count"));
        }
    }

    // R4: margin not_applicable exactly for the non-resective or first-stage procedures
    static void r4Margin(Set<String> notApplicable, JsonNode c, List<ProblemError> errors) {
        JsonNode procs = c.path("procedures");
        for (int i = 0; i < procs.size(); i++) {
            String type = procs.get(i).path("procedure_type").asText(null);
            String margin = procs.get(i).path("margin").asText(null);
            if (type == null || margin == null) {
                continue;
            }
            boolean na = notApplicable.contains(type);
            if (na != margin.equals("not_applicable")) {
                errors.add(new ProblemError("/procedures/" + i + "/margin", "R4-margin-applicability", na
                        ? "margin is not_applicable for " + type
                        : "margin is R0, R1 or R2 for " + type));
            }
        }
    }

    // R6: one death at most, not before a procedure, nobody alive after it
    static void r6Death(JsonNode c, List<ProblemError> errors) {
        JsonNode visits = c.path("follow_up");
        int deadAt = -1;
        for (int i = 0; i < visits.size(); i++) {
            if ("dead".equals(visits.get(i).path("vital_status").asText())) {
                if (deadAt >= 0) {
                    errors.add(new ProblemError("/follow_up/" + i + "/visit_date", "R6-death",
                            "only one visit may record vital_status dead"));
                } else {
                    deadAt = i;
                }
            }
        }
        if (deadAt < 0) {
            return;
        }
        LocalDate death = date(visits.get(deadAt).get("death_date"));
        if (death == null) {
            return;
        }
        for (JsonNode p : c.path("procedures")) {
            LocalDate d = date(p.get("procedure_date"));
            if (d != null && death.isBefore(d)) {
                errors.add(new ProblemError("/follow_up/" + deadAt + "/death_date", "R6-death",
                        "death_date must not precede a procedure"));
                break;
            }
        }
        for (int i = 0; i < visits.size(); i++) {
            LocalDate v = date(visits.get(i).get("visit_date"));
            if ("alive".equals(visits.get(i).path("vital_status").asText()) && v != null && v.isAfter(death)) {
                errors.add(new ProblemError("/follow_up/" + i + "/visit_date", "R6-death",
                        "a visit after death_date cannot record vital_status alive"));
            }
        }
    }

    // R8: major = 3+ segments, minor = 1-2
    static void r8Extent(JsonNode c, List<ProblemError> errors) {
        JsonNode procs = c.path("procedures");
        for (int i = 0; i < procs.size(); i++) {
            String type = procs.get(i).path("procedure_type").asText();
            JsonNode seg = procs.get(i).get("segments_resected");
            if (seg == null || !seg.isIntegralNumber()) {
                continue;
            }
            int n = seg.asInt();
            if (type.equals("major_hepatectomy") && n < 3 || type.equals("minor_hepatectomy") && (n < 1 || n > 2)) {
                errors.add(new ProblemError("/procedures/" + i + "/segments_resected", "R8-hepatectomy-extent",
                        type.equals("major_hepatectomy") ? "a major hepatectomy resects 3 or more segments"
                                : "a minor hepatectomy resects 1 or 2 segments"));
            }
        }
    }

    // R9 (warning): Milan-NET met while grade, involvement or age say otherwise
    static void r9Transplant(CaseReportForm form, JsonNode c, List<ProblemError> warnings) {
        List<String> transplant = form.procedureGroup("transplantation");
        String grade = c.path("primary_tumour").path("who_grade").asText("");
        BigDecimal involvement = number(c.path("liver_disease").get("liver_involvement_percent"));
        LocalDate birth = date(c.path("patient").get("birth_date"));
        JsonNode procs = c.path("procedures");
        for (int i = 0; i < procs.size(); i++) {
            JsonNode p = procs.get(i);
            if (!transplant.contains(p.path("procedure_type").asText()) || !p.path("milan_net_criteria_met").asBoolean(false)) {
                continue;
            }
            LocalDate at = date(p.get("procedure_date"));
            boolean old = birth != null && at != null && IndexProcedure.ageAtIndex(birth, at) > 55;
            boolean highGrade = !grade.isEmpty() && !grade.equals("G1") && !grade.equals("G2");
            boolean bulky = involvement != null && involvement.compareTo(BigDecimal.valueOf(50)) > 0;
            if (old || highGrade || bulky) {
                warnings.add(new ProblemError("/procedures/" + i + "/milan_net_criteria_met", "R9-transplant-criteria",
                        "Milan-NET criteria recorded as met, but " + (highGrade ? "who_grade is above G2"
                                : bulky ? "liver involvement exceeds 50%" : "the patient was older than 55 at transplant")));
            }
        }
    }

    // R10: distribution type agrees with lesion count and laterality
    static void r10Distribution(JsonNode c, List<ProblemError> errors) {
        JsonNode l = c.path("liver_disease");
        String type = l.path("distribution_type").asText(null);
        JsonNode bilobar = l.get("bilobar");
        JsonNode count = l.get("lesion_count");
        if (type == null || bilobar == null || !bilobar.isBoolean()) {
            return;
        }
        boolean bad = type.equals("type_I_simple")
                ? bilobar.asBoolean() || (count != null && count.isIntegralNumber() && count.asInt() != 1)
                : (type.equals("type_II_complex") || type.equals("type_III_diffuse")) && !bilobar.asBoolean();
        if (bad) {
            errors.add(new ProblemError("/liver_disease/distribution_type", "R10-distribution-type",
                    type.equals("type_I_simple") ? "type_I_simple means a single lesion, not bilobar"
                            : type + " means bilobar disease"));
        }
    }

    // R11: "none" stands alone in an enum-set
    static void r11ExclusiveNone(CaseReportForm form, JsonNode c, List<ProblemError> errors) {
        for (Section s : form.sections()) {
            entries(c, s, (entry, base) -> {
                for (Field f : s.fields()) {
                    JsonNode v = entry.get(f.code());
                    if (f.type() != FieldType.ENUM_SET || !f.values().contains("none") || v == null || !v.isArray() || v.size() < 2) {
                        continue;
                    }
                    for (JsonNode x : v) {
                        if ("none".equals(x.asText())) {
                            errors.add(new ProblemError(base + "/" + f.code(), "R11-exclusive-none",
                                    f.code() + ": none cannot be combined with another value"));
                            break;
                        }
                    }
                }
            });
        }
    }
}
