package dev.bulwark.desktop.vault;

import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.HealthIssue;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** How vault values read on screen. */
final class VaultText {
    private VaultText() {}

    static String kind(EntryKind kind) {
        return switch (kind) {
            case PASSWORD -> "Password";
            case API_KEY -> "API key";
            case SSH_KEY -> "SSH key";
            case CERTIFICATE -> "Certificate";
            case SECURE_NOTE -> "Secure note";
        };
    }

    static String issue(HealthIssue issue) {
        return switch (issue) {
            case WEAK -> "Weak";
            case REUSED -> "Reused";
            case EXPIRED -> "Expired";
            case EXPIRING -> "Expires soon";
        };
    }

    static String issues(List<HealthIssue> issues) {
        return issues.stream().map(VaultText::issue).collect(Collectors.joining(", "));
    }

    static String expiry(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    static String tags(List<String> tags) {
        return tags == null ? "" : String.join(", ", tags);
    }
}
