package dev.bulwark.desktop.ui;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;

/** Turns a failure into the one short sentence the console shows. */
public final class Problems {
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    /** Shown for a failure nobody expected; the details go to the log. */
    public static final String UNEXPECTED = "Something went wrong. The details are in the log.";

    private Problems() {}

    /** The sentence to show for {@code failure}; unexpected failures are logged here, once. */
    public static String describe(RuntimeException failure) {
        return switch (failure) {
            case ApiException api
            when api.type() == ProblemType.INVALID_CREDENTIALS -> "The email or password is not correct.";
            case ApiException api
            when api.type() == ProblemType.VALIDATION_FAILED
                    && !api.fieldErrors().isEmpty() -> "Check the highlighted fields.";
            case ApiException api -> api.detail();
            case UserFacingException shown -> shown.getMessage();
            default -> {
                LOG.log(System.Logger.Level.ERROR, "Unexpected failure", failure);
                yield UNEXPECTED;
            }
        };
    }
}
