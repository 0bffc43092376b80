package org.nelmregistry.common.rest;

import java.util.List;

/** Ends a request with the given problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound() {
        return new ProblemException(Problem.of(404, "Not Found", "no such resource"));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    public static ProblemException invalid(List<ProblemError> errors) {
        return new ProblemException(Problem.invalid(errors));
    }

    public static ProblemException invalid(String pointer, String rule, String detail) {
        return invalid(List.of(new ProblemError(pointer, rule, detail)));
    }
}
