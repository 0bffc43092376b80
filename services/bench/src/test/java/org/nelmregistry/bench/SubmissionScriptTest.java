package org.nelmregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pgbench scripts of the submission section: the same JSON, and no pgbench variable but {@code :r}. */
class SubmissionScriptTest {

    static final ObjectMapper JSON = new ObjectMapper();
    // jsonb's text form, with colons inside strings (times) and a quote in a name
    static final String DATA = "{\"patient\": {\"local_ref\": \"Bx-7\", \"family_name\": \"O'Neil\", \"note\": \"at 12:30\"}, "
            + "\"procedures\": [{\"procedure_date\": \"2021-09-17\", \"ok\": true, \"n\": 3}]}";
    static final String PAYLOAD = "{\"case\": " + DATA + ", \"occurred_at\": \"2026-11-29T12:20:48.914334Z\", \"revision\": 1}";

    static SubmissionBench.Sample sample() {
        return new SubmissionBench.Sample("C001", "c001-submitter", "0.5938", "2021-09-17", 1, "{debulking}", "[]", "Bx-7", DATA,
                PAYLOAD);
    }

    /** pgbench turns every {@code :name} (inside string literals too) into a variable; {@code ::type} casts are not. */
    static List<String> variables(String script) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?<!:):(?!:)([A-Za-z0-9_]+)").matcher(script);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The JSON the expression yields in one transaction with {@code :r} = 42 (the SQL concatenation, evaluated). */
    static JsonNode evaluate(String expression) throws Exception {
        assertTrue(expression.startsWith("('") && expression.endsWith("')::jsonb"), expression);
        String body = expression.substring(2, expression.length() - "')::jsonb".length())
                .replace("' || '\"pgb-' || :r || '\"' || '", "\"pgb-42\"").replace("''", "'");
        return JSON.readTree(body);
    }

    @Test
    void theOnlyVariableIsTheTransactionsRandomNumber() {
        for (String script : List.of(sample().transactionScript(), sample().insertScript())) {
            List<String> vars = variables(script.replaceFirst("\\\\set r random\\([^)]*\\)", ""));
            assertTrue(!vars.isEmpty() && vars.stream().allMatch("r"::equals), "variables " + vars);
        }
    }

    @Test
    void theJsonIsTheStoredCaseUnderTheTransactionsLocalRef() throws Exception {
        ObjectNode expected = (ObjectNode) JSON.readTree(DATA);
        ((ObjectNode) expected.get("patient")).put("local_ref", "pgb-42");
        assertEquals(expected, evaluate(sample().json(DATA)));

        ObjectNode payload = (ObjectNode) JSON.readTree(PAYLOAD);
        payload.set("case", expected);
        assertEquals(payload, evaluate(sample().json(PAYLOAD)));
    }

    @Test
    void theTransactionHasTheServicesStatementsInItsOrder() {
        String script = sample().transactionScript();
        String[] order = {"BEGIN;", "pg_advisory_xact_lock", "from cases cr1_0 where", "insert into cases", "insert into case_revisions",
            "insert into outbox", "insert into audit_events", "COMMIT;"};
        int at = -1;
        for (String s : order) {
            int next = script.indexOf(s, at + 1);
            assertTrue(next > at, s + " after the statement before it");
            at = next;
        }
    }
}
