package dev.bulwark.desktop.ui;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.user.PasswordCheck;
import dev.bulwark.model.user.PasswordCheckRequest;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Live feedback on a new password while it is typed: the length is checked at once, everything else (common
 * passwords, the strength estimate, the account's own email and name) by the server's policy, off the UI thread.
 * Only the answer to the newest check is shown; a failed check shows nothing rather than a wrong verdict.
 */
public final class PasswordFeedback {
    /** The score while nothing is known: an empty or unrated password. */
    public static final int UNRATED = -1;

    private final BackgroundRunner runner;
    private final Supplier<BulwarkClient> client;
    private final ReadOnlyIntegerWrapper score = new ReadOnlyIntegerWrapper(this, "score", UNRATED);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper acceptable = new ReadOnlyBooleanWrapper(this, "acceptable", false);
    private long generation;

    public PasswordFeedback(BackgroundRunner runner, Supplier<BulwarkClient> client) {
        this.runner = runner;
        this.client = client;
    }

    /** Rates {@code password} for the account with {@code email} and {@code displayName} (either may be blank). */
    public void check(String password, String email, String displayName) {
        long mine = ++generation;
        if (password == null || password.isEmpty()) {
            show(new PasswordCheck(false, UNRATED, ""));
            return;
        }
        Optional<String> tooShortOrLong = FieldChecks.newPassword(password);
        if (tooShortOrLong.isPresent()) {
            show(new PasswordCheck(false, 0, tooShortOrLong.get()));
            return;
        }
        PasswordCheckRequest request =
                new PasswordCheckRequest(Secret.of(password), blankToNull(email), blankToNull(displayName));
        runner.run(
                () -> client.get().server().checkPassword(request),
                result -> {
                    if (mine == generation) {
                        show(result);
                    }
                },
                failure -> {
                    if (mine == generation) {
                        show(new PasswordCheck(false, UNRATED, ""));
                    }
                });
    }

    /** Forgets the last verdict, for example after the password was set. */
    public void clear() {
        generation++;
        show(new PasswordCheck(false, UNRATED, ""));
    }

    private void show(PasswordCheck check) {
        score.set(check.score());
        message.set(check.message() == null ? "" : check.message());
        acceptable.set(check.acceptable());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** From {@value #UNRATED} (unrated) through 0 (refused or trivially guessed) to 4 (very hard to guess). */
    public ReadOnlyIntegerProperty scoreProperty() {
        return score.getReadOnlyProperty();
    }

    /** Why the password is refused, or a short note on its strength; empty while unrated. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether the server's policy accepts the password as typed. */
    public ReadOnlyBooleanProperty acceptableProperty() {
        return acceptable.getReadOnlyProperty();
    }
}
