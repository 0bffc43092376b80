package org.nelmregistry.common.rest;

import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of the list convention of the REST contract, {@code {"items": [...], "total": N, "page": 0,
 * "size": 50}} (each service's page records have these four members).
 */
public final class Paged {

    public static final int MAX_SIZE = 500;
    /** Bounds the offset (page × size) well inside an int, whatever the size. */
    public static final int MAX_PAGE = 100_000;
    public static final String RULE_PAGE = "limit-page";
    public static final String RULE_SIZE = "limit-size";

    private Paged() {
    }

    /** 400 problem, naming each parameter out of bounds, unless {@code 0 <= page <= MAX_PAGE} and {@code 1 <= size <= max}. */
    public static void check(int page, int size, int max) {
        List<ProblemError> errors = new ArrayList<>();
        if (page < 0 || page > MAX_PAGE) {
            errors.add(new ProblemError("/page", RULE_PAGE, "page is between 0 and " + MAX_PAGE));
        }
        if (size < 1 || size > max) {
            errors.add(new ProblemError("/size", RULE_SIZE, "size is between 1 and " + max));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
