package dev.bulwark.desktop.ui;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.ChangePasswordRequest;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The three fields of a password change (the password in use, the new one, the new one again) with their
 * checks and field errors, for every screen that changes the signed-in user's password.
 */
public final class PasswordChangeForm {
    private final String currentMissing;
    private final String currentWrong;
    private final StringProperty current = new SimpleStringProperty(this, "current", "");
    private final StringProperty next = new SimpleStringProperty(this, "next", "");
    private final StringProperty confirmation = new SimpleStringProperty(this, "confirmation", "");
    private final ReadOnlyStringWrapper currentError = new ReadOnlyStringWrapper(this, "currentError", "");
    private final ReadOnlyStringWrapper nextError = new ReadOnlyStringWrapper(this, "nextError", "");
    private final ReadOnlyStringWrapper confirmationError = new ReadOnlyStringWrapper(this, "confirmationError", "");

    /**
     * @param currentMissing the sentence when the password in use is left empty
     * @param currentWrong the sentence when the server says it is not the password in use
     */
    public PasswordChangeForm(String currentMissing, String currentWrong) {
        this.currentMissing = currentMissing;
        this.currentWrong = currentWrong;
        current.addListener((observable, old, now) -> currentError.set(""));
        next.addListener((observable, old, now) -> nextError.set(""));
        confirmation.addListener((observable, old, now) -> confirmationError.set(""));
    }

    /** Checks the fields, marking each one that fails; the request when all pass. */
    public Optional<ChangePasswordRequest> checked() {
        currentError.set(FieldChecks.required(current.get(), currentMissing).orElse(""));
        nextError.set(FieldChecks.newPassword(next.get()).orElse(""));
        confirmationError.set(
                nextError.get().isEmpty()
                        ? FieldChecks.confirmation(next.get(), confirmation.get())
                                .orElse("")
                        : "");
        if (!currentError.get().isEmpty()
                || !nextError.get().isEmpty()
                || !confirmationError.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChangePasswordRequest(Secret.of(current.get()), Secret.of(next.get())));
    }

    /**
     * Marks the fields a refused change names.
     *
     * @return whether a field was marked, so the screen says "Check the highlighted fields."
     */
    public boolean markRefusal(RuntimeException failure) {
        if (!(failure instanceof ApiException api)) {
            return false;
        }
        if (api.type() == ProblemType.INVALID_CREDENTIALS) {
            currentError.set(currentWrong);
            return true;
        }
        api.fieldError("currentPassword").ifPresent(currentError::set);
        api.fieldError("newPassword").ifPresent(nextError::set);
        return false;
    }

    /** Empties every field, as after a change. */
    public void clear() {
        current.set("");
        next.set("");
        confirmation.set("");
    }

    public StringProperty currentProperty() {
        return current;
    }

    public StringProperty nextProperty() {
        return next;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public ReadOnlyStringProperty currentErrorProperty() {
        return currentError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nextErrorProperty() {
        return nextError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty confirmationErrorProperty() {
        return confirmationError.getReadOnlyProperty();
    }
}
