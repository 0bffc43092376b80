package org.nelmregistry.submission.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;
import org.nelmregistry.submission.CaseRecord;

/** The JSON representation of a case, with or without its identifying fields. */
final class CaseView {

    private CaseView() {
    }

    /** Whether a pointer into a case names a field a data manager must not see. */
    static boolean identifying(String pointer) {
        String[] parts = pointer.split("/");
        if (parts.length < 3) {
            return false;
        }
        String field = parts[parts.length - 1].matches("\\d+") && parts.length > 3 ? parts[parts.length - 2] : parts[parts.length - 1];
        return CaseReportForm.current().section(parts[1]).flatMap(s -> s.field(field))
                .map(f -> f.privacy().identifying()).orElse(true);
    }

    static ObjectNode of(CaseRecord c, ObjectNode data, boolean withIdentities) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", c.id.toString());
        out.put("centre_id", c.centreId);
        out.put("revision", c.revision);
        out.put("status", c.status);
        out.put("form_version", c.formVersion);
        out.put("created_at", c.createdAt.toString());
        out.put("updated_at", c.updatedAt.toString());
        if (c.withdrawnAt != null) {
            out.put("withdrawn_at", c.withdrawnAt.toString());
        }
        out.put("completeness", c.completeness);
        out.set("case", withIdentities ? data : withoutIdentities(data));
        return out;
    }

    /** Drops every direct, link, birth and text field (what a data manager must never see). */
    static ObjectNode withoutIdentities(ObjectNode data) {
        ObjectNode copy = data.deepCopy();
        for (Section s : CaseReportForm.current().sections()) {
            JsonNode node = copy.get(s.code());
            for (Field f : s.fields()) {
                if (!f.privacy().identifying() || node == null) {
                    continue;
                }
                if (node.isObject()) {
                    ((ObjectNode) node).remove(f.code());
                } else if (node.isArray()) {
                    node.forEach(e -> {
                        if (e.isObject()) {
                            ((ObjectNode) e).remove(f.code());
                        }
                    });
                }
            }
        }
        return copy;
    }
}
