package dev.bulwark.benchmarks.vault;

import dev.bulwark.model.Secret;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.crypto.JdbcKeySetRepository;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.vault.SecretSealer;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Fills a stopped server's vault quickly, straight into its tables, with values sealed by the vault's own {@link
 * SecretSealer} (the rows look as the API writes them, without the audit records). Seeding 30,000 entries through
 * the API costs minutes of durable writes on this machine; this takes seconds.
 */
public final class VaultSeeder {
    private static final int BATCH = 1_000;

    private VaultSeeder() {}

    /** Adds entries {@code from} .. {@code from + count - 1}, each with a secret, notes and a secret PIN. */
    public static List<UUID> seed(ServerSettings settings, int from, int count) {
        List<UUID> ids = new ArrayList<>();
        try (Database database = Database.open(settings)) {
            Transactions tx = new Transactions(database);
            SecretSealer sealer = SecretSealer.load(
                    tx,
                    new JdbcKeySetRepository(),
                    MasterKey.load(Optional.empty(), settings.dataDirectory(), false),
                    settings.cluster().reloadInterval(),
                    java.time.Clock.systemUTC());
            for (int start = from; start < from + count; start += BATCH) {
                int end = Math.min(from + count, start + BATCH);
                int first = start;
                ids.addAll(tx.write(c -> {
                    List<UUID> batch = new ArrayList<>();
                    Timestamp now = Timestamp.from(Instant.now());
                    try (PreparedStatement e = c.prepareStatement("""
                                    INSERT INTO vault_entry (id, name, name_sort, search_text, kind, username, url, tags,
                                        custom_fields, version, secret_version, has_secret, has_notes, fingerprint,
                                        strength, created_at, updated_at)
                                    VALUES (?, ?, ?, ?, 'PASSWORD', ?, ?, ?, ?, 1, 1, TRUE, TRUE, ?, 4, ?, ?)
                                    """);
                            PreparedStatement v = c.prepareStatement("""
                                    INSERT INTO vault_value (entry_id, field, version, is_current, key_id, ciphertext,
                                        created_at)
                                    VALUES (?, ?, 1, TRUE, ?, ?, ?)
                                    """)) {
                        for (int n = first; n < end; n++) {
                            UUID id = UUID.randomUUID();
                            String name = "entry-" + n;
                            String url = "https://host-" + n + ".example.com/login";
                            String tags = "|team-" + (n % 20) + "|" + (n % 2 == 0 ? "prod" : "staging") + "|";
                            Secret secret = Secret.of("Pw-" + UUID.randomUUID());
                            e.setObject(1, id);
                            e.setString(2, name);
                            e.setString(3, name);
                            e.setString(4, (name + "\n" + url + "\n" + tags).toLowerCase(Locale.ROOT));
                            e.setString(5, "user" + n);
                            e.setString(6, url);
                            e.setString(7, tags);
                            e.setString(8, "[{\"name\":\"pin\",\"secret\":true}]");
                            e.setString(9, sealer.fingerprint(secret));
                            e.setTimestamp(10, now);
                            e.setTimestamp(11, now);
                            e.addBatch();
                            value(v, sealer, id, "secret", secret, now);
                            value(v, sealer, id, "notes", Secret.of("notes for entry " + n), now);
                            value(v, sealer, id, "field:pin", Secret.of(Integer.toString(n % 10_000)), now);
                            batch.add(id);
                        }
                        e.executeBatch();
                        v.executeBatch();
                    }
                    return batch;
                }));
            }
        }
        return ids;
    }

    private static void value(
            PreparedStatement v, SecretSealer sealer, UUID id, String field, Secret value, Timestamp at)
            throws java.sql.SQLException {
        SecretSealer.Sealed sealed = sealer.seal(id, 1, field, value);
        v.setObject(1, id);
        v.setString(2, field);
        v.setLong(3, sealed.keyId());
        v.setBytes(4, sealed.ciphertext());
        v.setTimestamp(5, at);
        v.addBatch();
    }
}
