package org.nelmregistry.contracts.crf;

import java.util.List;
import java.util.Optional;

/**
 * A section of the case report form: one object ({@code many == false}) or an array of them.
 */
public record Section(String code, boolean many, boolean atLeastOne, String note, List<Field> fields) {

    public Optional<Field> field(String fieldCode) {
        return fields.stream().filter(f -> f.code().equals(fieldCode)).findFirst();
    }
}
