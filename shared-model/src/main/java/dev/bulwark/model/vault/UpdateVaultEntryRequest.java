package dev.bulwark.model.vault;

import dev.bulwark.model.Secret;
import java.time.LocalDate;
import java.util.List;

/**
 * Replaces an entry's fields, when {@code version} is still the entry's version (otherwise 409).
 *
 * <p>Plain fields are replaced as sent ({@code null} clears an optional one). {@code secret} and {@code notes}
 * sent as {@code null} keep their values; an empty notes value clears them. A new secret value keeps the
 * previous one in the entry's versions. {@code sharing} {@code null} keeps the sharing.
 *
 * @param version the entry version the change is based on
 */
public record UpdateVaultEntryRequest(
        Long version,
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
