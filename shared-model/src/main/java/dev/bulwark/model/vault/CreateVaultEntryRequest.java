package dev.bulwark.model.vault;

import dev.bulwark.model.Secret;
import java.time.LocalDate;
import java.util.List;

/**
 * A new vault entry. Secret-bearing fields are {@link Secret}s, so the request never prints them.
 *
 * @param name 1–200 characters
 * @param kind what the entry holds
 * @param username optional, at most 200 characters
 * @param url optional, at most 2000 characters
 * @param secret the secret value (password, key, certificate, ...), at most 64 KiB; may be empty for a note
 * @param notes encrypted notes, at most 64 KiB; optional
 * @param tags at most 20 tags of 1–40 characters
 * @param customFields at most 50
 * @param expiresOn optional expiry date
 * @param sharing the groups that may read or change the entry; a non-administrator must include one of their
 *     own groups at WRITE, or they could not see the entry they create
 */
public record CreateVaultEntryRequest(
        String name,
        EntryKind kind,
        String username,
        String url,
        Secret secret,
        Secret notes,
        List<String> tags,
        List<CustomFieldInput> customFields,
        LocalDate expiresOn,
        List<VaultShare> sharing) {}
