package dev.portcullis.controlplane.common;

import dev.portcullis.model.validation.FieldError;

import java.util.List;

/**
 * A request the API refuses for a reason the client can fix; carries the problem it is answered with.
 * Thrown by services, turned into a response by {@link ProblemMappers}. No stack trace: it is not a bug.
 */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(404, "not-found", "Not Found", what + " '" + id + "' does not exist"));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(Problem.of(400, "validation", "Invalid request",
                errors.size() == 1 ? errors.get(0).toString() : errors.size() + " fields are invalid")
                .withErrors(errors));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException preconditionRequired() {
        return new ProblemException(Problem.of(428, "precondition-required", "Precondition Required",
                "this update needs an If-Match header with the ETag of the version you read"));
    }

    public static ProblemException preconditionFailed(long current) {
        return new ProblemException(Problem.of(412, "precondition-failed", "Precondition Failed",
                "the resource changed since you read it; its current ETag is \"" + current + "\"")
                .with("currentEtag", "\"" + current + "\""));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }
}
