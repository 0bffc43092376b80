package org.nelmregistry.contracts.crf;

import java.util.Locale;

public enum Requirement {
    REQUIRED, CONDITIONAL, OPTIONAL;

    static Requirement of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
