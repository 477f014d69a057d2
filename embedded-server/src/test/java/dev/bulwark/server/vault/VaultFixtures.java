package dev.bulwark.server.vault;

import dev.bulwark.model.Secret;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultShare;
import java.time.LocalDate;
import java.util.List;

/** Vault requests for tests, with readable defaults. */
public final class VaultFixtures {
    private VaultFixtures() {}

    /** A password entry named {@code name} holding {@code secret}, shared as given. */
    public static CreateVaultEntryRequest password(String name, String secret, VaultShare... sharing) {
        return new CreateVaultEntryRequest(
                name,
                EntryKind.PASSWORD,
                "svc-" + name,
                "https://" + name + ".example.com",
                Secret.of(secret),
                null,
                List.of(),
                List.of(),
                null,
                List.of(sharing));
    }

    /** A full entry: secret, notes, a secret and a plain custom field, tags and an expiry. */
    static CreateVaultEntryRequest full(
            String name, String secret, String notes, String pin, List<String> tags, LocalDate expiresOn) {
        return new CreateVaultEntryRequest(
                name,
                EntryKind.API_KEY,
                "deploy",
                "https://api.example.com/" + name,
                Secret.of(secret),
                Secret.of(notes),
                tags,
                List.of(CustomFieldInput.secret("pin", Secret.of(pin)), CustomFieldInput.plain("region", "eu-west")),
                expiresOn,
                List.of());
    }

    /** An update of {@code entry} that changes only its secret (plain fields kept as read). */
    static UpdateVaultEntryRequest newSecret(VaultEntry entry, String secret) {
        return sameFields(entry, entry.version(), Secret.of(secret));
    }

    /** An update of {@code entry} based on {@code version} that keeps every value; {@code secret} may be null. */
    static UpdateVaultEntryRequest sameFields(VaultEntry entry, long version, Secret secret) {
        return sameFields(entry, version, secret, null);
    }

    /** An update of {@code entry} that keeps every value and replaces its sharing ({@code null} keeps it). */
    public static UpdateVaultEntryRequest sameFields(
            VaultEntry entry, long version, Secret secret, List<VaultShare> sharing) {
        return new UpdateVaultEntryRequest(
                version,
                entry.name(),
                entry.kind(),
                entry.username(),
                entry.url(),
                secret,
                null,
                entry.tags(),
                entry.customFields().stream()
                        .map(f -> f.secret()
                                ? new CustomFieldInput(f.name(), true, null)
                                : CustomFieldInput.plain(f.name(), f.value()))
                        .toList(),
                entry.expiresOn(),
                sharing);
    }
}
