package org.nelmregistry.submission.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nelmregistry.contracts.crf.CaseReportForm;
import org.nelmregistry.contracts.crf.Field;
import org.nelmregistry.contracts.crf.Section;

/**
 * What a caller without {@code case:identities} (a data manager) must never see of a case: its
 * direct, link, birth and text fields, as the form classes them.
 */
public final class CasePrivacy {

    private CasePrivacy() {
    }

    /** Whether a pointer into a case names an identifying field (an unknown one counts as identifying). */
    public static boolean identifying(String pointer) {
        String[] parts = pointer.split("/");
        if (parts.length < 3) {
            return false;
        }
        String field = parts[parts.length - 1].matches("\\d+") && parts.length > 3 ? parts[parts.length - 2] : parts[parts.length - 1];
        return CaseReportForm.current().section(parts[1]).flatMap(s -> s.field(field))
                .map(f -> f.privacy().identifying()).orElse(true);
    }

    /** A copy of the case without its identifying fields (the stored tree is left as it is). */
    public static ObjectNode withoutIdentities(ObjectNode data) {
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
