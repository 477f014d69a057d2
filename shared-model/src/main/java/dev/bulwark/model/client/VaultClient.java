package dev.bulwark.model.client;

import dev.bulwark.model.vault.CopiedRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.RestoreVersionRequest;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RevealedSecret;
import dev.bulwark.model.vault.RotationStatus;
import dev.bulwark.model.vault.SecretVersionList;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntryList;
import dev.bulwark.model.vault.VaultHealth;
import dev.bulwark.model.vault.VaultQuery;
import java.util.UUID;

/**
 * The credential vault ({@code /api/v1/vault}). Reading needs VAULT READ and the entry shared with one of the
 * caller's groups (administrators see every entry); changing needs VAULT WRITE and WRITE sharing. An entry the
 * caller may not see answers {@code not-found}, exactly like one that does not exist.
 *
 * <p>Secret values travel only in requests (as {@link dev.bulwark.model.Secret}) and in {@link #reveal}'s
 * answer; every reveal and copy is in the audit trail, without the value.
 */
public final class VaultClient {
    private static final String BASE = "/api/v1/vault";
    private static final String ENTRIES = BASE + "/entries";

    private final Transport transport;

    VaultClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/vault/entries?q=&tag=&kind=&trash=&offset=&limit=}: sorted by name. */
    public VaultEntryList list(VaultQuery query) {
        return transport.sendAuthenticated("GET", ENTRIES + query.toQueryString(), null, VaultEntryList.class);
    }

    /** {@code GET /api/v1/vault/entries?q=text}. */
    public VaultEntryList search(String text) {
        return list(VaultQuery.text(text));
    }

    /** {@code GET /api/v1/vault/entries?trash=true}: entries in the trash. */
    public VaultEntryList trash() {
        return list(VaultQuery.trashed());
    }

    /** {@code POST /api/v1/vault/entries}. */
    public VaultEntry create(CreateVaultEntryRequest request) {
        return transport.sendAuthenticated("POST", ENTRIES, request, VaultEntry.class);
    }

    /** {@code GET /api/v1/vault/entries/{id}}: details without secrets. */
    public VaultEntry get(UUID id) {
        return transport.sendAuthenticated("GET", ENTRIES + "/" + id, null, VaultEntry.class);
    }

    /** {@code PUT /api/v1/vault/entries/{id}}: {@code conflict} when {@code request.version()} is stale. */
    public VaultEntry update(UUID id, UpdateVaultEntryRequest request) {
        return transport.sendAuthenticated("PUT", ENTRIES + "/" + id, request, VaultEntry.class);
    }

    /** {@code DELETE /api/v1/vault/entries/{id}}: moves the entry to the trash. */
    public void delete(UUID id) {
        transport.sendAuthenticated("DELETE", ENTRIES + "/" + id, null, Void.class);
    }

    /** {@code POST /api/v1/vault/entries/{id}/restore}: takes the entry out of the trash. */
    public VaultEntry restore(UUID id) {
        return transport.sendAuthenticated("POST", ENTRIES + "/" + id + "/restore", null, VaultEntry.class);
    }

    /** {@code DELETE /api/v1/vault/entries/{id}?permanent=true}: destroys the entry and every value it held. */
    public void destroy(UUID id) {
        transport.sendAuthenticated("DELETE", ENTRIES + "/" + id + "?permanent=true", null, Void.class);
    }

    /** {@code POST /api/v1/vault/entries/{id}/reveal}: the value, recorded in the audit trail without it. */
    public RevealedSecret reveal(UUID id, RevealRequest request) {
        return transport.sendAuthenticated("POST", ENTRIES + "/" + id + "/reveal", request, RevealedSecret.class);
    }

    /** {@code POST /api/v1/vault/entries/{id}/copied}: records that the value was copied. */
    public void copied(UUID id, String field) {
        transport.sendAuthenticated("POST", ENTRIES + "/" + id + "/copied", new CopiedRequest(field), Void.class);
    }

    /** {@code GET /api/v1/vault/entries/{id}/versions}: kept secret values, newest first. */
    public SecretVersionList versions(UUID id) {
        return transport.sendAuthenticated("GET", ENTRIES + "/" + id + "/versions", null, SecretVersionList.class);
    }

    /** {@code POST /api/v1/vault/entries/{id}/versions/{n}/restore}: makes version {@code n} current again. */
    public VaultEntry restoreVersion(UUID id, int n, long entryVersion) {
        return transport.sendAuthenticated(
                "POST",
                ENTRIES + "/" + id + "/versions/" + n + "/restore",
                new RestoreVersionRequest(entryVersion),
                VaultEntry.class);
    }

    /** {@code GET /api/v1/vault/health}: weak, reused, expired and expiring entries the caller may see. */
    public VaultHealth health() {
        return transport.sendAuthenticated("GET", BASE + "/health", null, VaultHealth.class);
    }

    /** {@code GET /api/v1/vault/rotation}: values per data key (ADMIN or SETTINGS READ). */
    public RotationStatus rotationStatus() {
        return transport.sendAuthenticated("GET", BASE + "/rotation", null, RotationStatus.class);
    }

    /** {@code POST /api/v1/vault/rotation}: a new primary data key; re-encryption runs in the background. */
    public RotationStatus rotate() {
        return transport.sendAuthenticated("POST", BASE + "/rotation", null, RotationStatus.class);
    }
}
