package dev.bulwark.server.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The plain-text header of a backup file, authenticated with the master key (docs/decisions/0030-encrypted-backups.md).
 * It tells a restore what the file holds before anything is decrypted, and holds no secret: the payload key in it
 * is wrapped by the master key.
 *
 * @param format the file format version; a restore refuses a newer one
 * @param backupId the backup's id, bound to the payload as associated data
 * @param serverId the id of the server that made it
 * @param serverVersion the Bulwark version that made it
 * @param createdAt when the database snapshot was taken
 * @param databaseKind {@code h2} or {@code postgresql}
 * @param schemaVersion the newest database migration the snapshot has
 * @param auditHeadSeq the newest audit record in the snapshot
 * @param auditHeadHash that record's chain hash
 * @param users users in the snapshot
 * @param groups groups in the snapshot
 * @param vaultEntries vault entries in the snapshot
 * @param plainBytes the size of the database dump before compression and encryption
 * @param encryptedBytes the size of the encrypted payload that follows the header
 * @param payloadSha256 SHA-256 of the encrypted payload, hex
 * @param wrappedKey the payload's streaming-AEAD key set, encrypted with the master key, Base64
 * @param databaseSchema PostgreSQL: the schema dumped, which a restore recreates under that name; null for H2
 * @param dumpVersion PostgreSQL: the version of the {@code pg_dump} that made the payload, which {@code pg_restore}
 *     must be at least; null for H2
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        int format,
        UUID backupId,
        UUID serverId,
        String serverVersion,
        Instant createdAt,
        String databaseKind,
        String schemaVersion,
        long auditHeadSeq,
        String auditHeadHash,
        long users,
        long groups,
        long vaultEntries,
        long plainBytes,
        long encryptedBytes,
        String payloadSha256,
        String wrappedKey,
        String databaseSchema,
        String dumpVersion) {}
