package dev.bulwark.server.vault;

import com.nulabinc.zxcvbn.Zxcvbn;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.vault.CopiedRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.CustomFieldInput;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.HealthIssue;
import dev.bulwark.model.vault.HealthItem;
import dev.bulwark.model.vault.RestoreVersionRequest;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.RevealedSecret;
import dev.bulwark.model.vault.SecretVersionList;
import dev.bulwark.model.vault.UpdateVaultEntryRequest;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntryList;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultHealth;
import dev.bulwark.model.vault.VaultShare;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.permission.Authorizer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The credential vault's rules: who sees which entry, what a valid entry is, versions, trash, reveal and the
 * health report. Every change and every reveal is audited in its own transaction, with secret fields masked.
 *
 * <p>Visibility (decision 0018): administrators see every entry; anyone else needs VAULT READ (WRITE to change)
 * and the entry shared with one of their groups (at WRITE to change). An entry one may not see answers {@code
 * not-found} everywhere, exactly like one that does not exist.
 */
public final class VaultService {
    /** Internal field names of the encrypted values. */
    static final String SECRET = "secret";

    static final String NOTES = "notes";
    private static final String CUSTOM_PREFIX = "field:";

    /** The audit trail may show these fields in clear; everything else (secrets above all) is masked. */
    private static final Set<String> AUDIT_CLEAR_FIELDS =
            Set.of("name", "kind", "username", "url", "tags", "expiresOn", "sharing", "customFields", "version");

    static final int VALUE_MAX_BYTES = 64 * 1024;
    private static final int NAME_MAX = 200;
    private static final int USERNAME_MAX = 200;
    private static final int URL_MAX = 2000;
    private static final int TAGS_MAX = 20;
    private static final int TAG_MAX = 40;
    private static final int CUSTOM_FIELDS_MAX = 50;
    private static final int CUSTOM_NAME_MAX = 64;
    private static final int REASON_MAX = 500;
    private static final int PAGE_DEFAULT = 100;
    private static final int PAGE_MAX = 1000;
    private static final int STRONG_SCORE = 3;
    private static final int STRENGTH_MEASURE_MAX = 128;
    static final int EXPIRING_DAYS = 14;
    private static final LocalDate EXPIRY_MIN = LocalDate.of(1970, 1, 1);
    private static final LocalDate EXPIRY_MAX = LocalDate.of(9999, 12, 31);

    private final Transactions tx;
    private final VaultRepository repository;
    private final SecretSealer sealer;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final ServerSettings.VaultSettings settings;
    private final Clock clock;
    private final Zxcvbn estimator = new Zxcvbn();

    public VaultService(
            Transactions tx,
            VaultRepository repository,
            SecretSealer sealer,
            Authorizer authorizer,
            AuditTrail trail,
            ServerSettings.VaultSettings settings,
            Clock clock) {
        this.tx = tx;
        this.repository = repository;
        this.sealer = sealer;
        this.authorizer = authorizer;
        this.trail = trail;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a list or search asks for, as the routes read it. */
    public record ListQuery(String text, String tag, EntryKind kind, boolean trash, int offset, int limit) {}

    /** Entries the caller may see, sorted by name, one page. */
    public VaultEntryList list(Caller caller, ListQuery query) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        Validator v = new Validator();
        if (query.offset() < 0) {
            v.error("offset", "Use 0 or more.");
        }
        if (query.limit() < 0 || query.limit() > PAGE_MAX) {
            v.error("limit", "Use 1 to " + PAGE_MAX + ".");
        }
        if (query.text() != null && query.text().length() > NAME_MAX) {
            v.error("q", "Use at most " + NAME_MAX + " characters.");
        }
        v.throwIfInvalid();
        int limit = query.limit() == 0 ? PAGE_DEFAULT : query.limit();
        VaultSearch search = new VaultSearch(
                blankToNull(query.text()),
                blankToNull(query.tag()),
                query.kind(),
                query.trash(),
                isAdmin(caller) ? null : caller.userId(),
                query.offset(),
                limit);
        List<VaultEntrySummary> rows = tx.read(c -> repository.search(c, search));
        boolean hasMore = rows.size() > limit;
        return new VaultEntryList(hasMore ? List.copyOf(rows.subList(0, limit)) : rows, hasMore);
    }

    /** An entry's details without secrets. */
    public VaultEntry get(Caller caller, UUID id) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        return tx.read(c -> details(c, visible(c, caller, id, AccessLevel.READ), accessOf(c, caller, id)));
    }

    /** Creates an entry; its secret value becomes version 1. */
    public VaultEntry create(Caller caller, CreateVaultEntryRequest request) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        List<String> tags = request.tags() == null ? List.of() : request.tags();
        List<CustomFieldInput> customFields = request.customFields() == null ? List.of() : request.customFields();
        List<VaultShare> sharing = request.sharing() == null ? List.of() : request.sharing();
        Secret secret = request.secret() == null ? Secret.of("") : request.secret();
        Validator v = new Validator();
        validateContent(
                v,
                request.name(),
                request.kind(),
                request.username(),
                request.url(),
                secret,
                request.notes(),
                tags,
                customFields,
                request.expiresOn(),
                sharing,
                true);
        for (int i = 0; i < customFields.size(); i++) {
            if (customFields.get(i).value() == null) {
                v.error("customFields[" + i + "].value", "A value is required.");
            }
        }
        v.throwIfInvalid();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        UUID by = caller.userId();
        StoredEntry entry = new StoredEntry(
                id,
                request.name().strip(),
                request.kind(),
                emptyToNull(request.username()),
                emptyToNull(request.url()),
                normalizeTags(tags),
                publicFields(customFields),
                request.expiresOn(),
                1,
                1,
                !secret.isEmpty(),
                request.notes() != null && !request.notes().isEmpty(),
                secret.isEmpty() ? null : sealer.fingerprint(secret),
                strength(request.kind(), secret),
                by,
                now,
                by,
                now,
                null);
        return tx.write(c -> {
            requireSharingValid(c, caller, sharing);
            repository.insert(c, entry);
            repository.replaceShares(c, id, dedupe(sharing));
            putValue(c, id, SECRET, 1, secret, by, now);
            if (entry.hasNotes()) {
                putValue(c, id, NOTES, 1, request.notes(), by, now);
            }
            for (CustomFieldInput field : customFields) {
                if (field.secret()) {
                    putValue(c, id, CUSTOM_PREFIX + field.name().strip(), 1, field.value(), by, now);
                }
            }
            AuditDiff diff = AuditDiff.forEntity(AUDIT_CLEAR_FIELDS)
                    .change("name", null, entry.name())
                    .change("kind", null, entry.kind())
                    .change("username", null, entry.username())
                    .change("url", null, entry.url())
                    .change("tags", null, String.join(", ", entry.tags()))
                    .change("expiresOn", null, text(entry.expiresOn()))
                    .change("sharing", null, describe(sharing))
                    .change("customFields", null, fieldNames(entry.customFields()))
                    .secretChanged(SECRET);
            if (entry.hasNotes()) {
                diff.secretChanged(NOTES);
            }
            customFields.stream()
                    .filter(CustomFieldInput::secret)
                    .forEach(f -> diff.secretChanged(CUSTOM_PREFIX + f.name().strip()));
            audit(c, caller, AuditAction.VAULT_ENTRY_CREATE, entry, diff);
            return details(c, entry, AccessLevel.WRITE);
        });
    }

    /** Replaces an entry's fields when the caller's version is current; a new secret keeps the previous one. */
    public VaultEntry update(Caller caller, UUID id, UpdateVaultEntryRequest request) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        List<String> tags = request.tags() == null ? List.of() : request.tags();
        List<CustomFieldInput> customFields = request.customFields() == null ? List.of() : request.customFields();
        Validator v = new Validator();
        if (request.version() == null) {
            v.error("version", "Send the version you read.");
        }
        validateContent(
                v,
                request.name(),
                request.kind(),
                request.username(),
                request.url(),
                request.secret(),
                request.notes(),
                tags,
                customFields,
                request.expiresOn(),
                request.sharing() == null ? List.of() : request.sharing(),
                request.sharing() != null);
        v.throwIfInvalid();
        Instant now = clock.instant();
        UUID by = caller.userId();
        return tx.write(c -> {
            StoredEntry before = visible(c, caller, id, AccessLevel.WRITE);
            requireLive(before);
            requireVersion(before, request.version());
            if (request.sharing() != null) {
                requireSharingValid(c, caller, request.sharing());
            }
            AuditDiff diff = AuditDiff.forEntity(AUDIT_CLEAR_FIELDS);
            boolean newSecret = request.secret() != null;
            int secretVersion = before.secretVersion();
            String fingerprint = before.fingerprint();
            Integer strength = before.strength();
            boolean hasSecret = before.hasSecret();
            if (newSecret) {
                secretVersion = before.secretVersion() + 1;
                repository.retireValues(c, id, SECRET);
                putValue(c, id, SECRET, secretVersion, request.secret(), by, now);
                repository.pruneVersions(c, id, SECRET, settings.versionsKept());
                hasSecret = !request.secret().isEmpty();
                fingerprint = hasSecret ? sealer.fingerprint(request.secret()) : null;
                strength = strength(request.kind(), request.secret());
                diff.secretChanged(SECRET);
            } else if (request.kind() != before.kind()) {
                // the estimate applies to passwords only; a kind changed to password is measured now
                strength = request.kind() != EntryKind.PASSWORD
                        ? null
                        : repository
                                .currentValue(c, id, SECRET)
                                .map(value -> strength(
                                        request.kind(),
                                        sealer.openSecret(id, value.version(), SECRET, value.ciphertext())))
                                .orElse(null);
            }
            boolean hasNotes = before.hasNotes();
            if (request.notes() != null) {
                int notesVersion = repository
                                .currentValue(c, id, NOTES)
                                .map(StoredValue::version)
                                .orElse(0)
                        + 1;
                repository.deleteValues(c, id, NOTES);
                hasNotes = !request.notes().isEmpty();
                if (hasNotes) {
                    putValue(c, id, NOTES, notesVersion, request.notes(), by, now);
                }
                diff.secretChanged(NOTES);
            }
            replaceCustomFields(c, before, customFields, by, now, diff);
            StoredEntry after = new StoredEntry(
                    id,
                    request.name().strip(),
                    request.kind(),
                    emptyToNull(request.username()),
                    emptyToNull(request.url()),
                    normalizeTags(tags),
                    publicFields(customFields),
                    request.expiresOn(),
                    before.version() + 1,
                    secretVersion,
                    hasSecret,
                    hasNotes,
                    fingerprint,
                    strength,
                    before.createdBy(),
                    before.createdAt(),
                    by,
                    now,
                    null);
            if (!repository.update(c, after, before.version())) {
                throw stale();
            }
            List<VaultShare> sharingBefore = repository.shares(c, id);
            if (request.sharing() != null) {
                repository.replaceShares(c, id, dedupe(request.sharing()));
                if (!describe(sharingBefore).equals(describe(dedupe(request.sharing())))) {
                    diff.change("sharing", describe(sharingBefore), describe(dedupe(request.sharing())));
                }
            }
            changed(diff, "name", before.name(), after.name());
            changed(diff, "kind", before.kind().name(), after.kind().name());
            changed(diff, "username", before.username(), after.username());
            changed(diff, "url", before.url(), after.url());
            changed(diff, "tags", String.join(", ", before.tags()), String.join(", ", after.tags()));
            changed(diff, "expiresOn", text(before.expiresOn()), text(after.expiresOn()));
            changed(diff, "customFields", fieldNames(before.customFields()), fieldNames(after.customFields()));
            if (!before.customFields().equals(after.customFields())) {
                diff.secretChanged("customFieldValues");
            }
            audit(c, caller, AuditAction.VAULT_ENTRY_UPDATE, after, diff);
            return details(c, after, accessOf(c, caller, id));
        });
    }

    /** Moves an entry to the trash, restorable for the retention period. */
    public void delete(Caller caller, UUID id) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        Instant now = clock.instant();
        tx.write(c -> {
            StoredEntry entry = visible(c, caller, id, AccessLevel.WRITE);
            requireLive(entry);
            repository.setDeleted(c, id, now, caller.userId());
            audit(
                    c,
                    caller,
                    AuditAction.VAULT_ENTRY_DELETE,
                    entry,
                    AuditDiff.forEntity(AUDIT_CLEAR_FIELDS).change("deletedAt", (Instant) null, now));
            return null;
        });
    }

    /** Takes an entry out of the trash. */
    public VaultEntry restore(Caller caller, UUID id) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        Instant now = clock.instant();
        return tx.write(c -> {
            StoredEntry entry = visible(c, caller, id, AccessLevel.WRITE);
            if (entry.deletedAt() == null) {
                throw ApiException.of(ProblemType.CONFLICT, "This entry is not in the trash.");
            }
            repository.clearDeleted(c, id, entry.version() + 1, now, caller.userId());
            audit(
                    c,
                    caller,
                    AuditAction.VAULT_ENTRY_RESTORE,
                    entry,
                    AuditDiff.forEntity(AUDIT_CLEAR_FIELDS).change("deletedAt", entry.deletedAt(), null));
            StoredEntry restored = repository.find(c, id).orElseThrow();
            return details(c, restored, accessOf(c, caller, id));
        });
    }

    /** Destroys an entry and every value it held, at once and for good. */
    public void destroy(Caller caller, UUID id) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        tx.write(c -> {
            StoredEntry entry = visible(c, caller, id, AccessLevel.WRITE);
            repository.delete(c, id);
            audit(
                    c,
                    caller,
                    AuditAction.VAULT_ENTRY_DESTROY,
                    entry,
                    AuditDiff.forEntity(AUDIT_CLEAR_FIELDS).change("name", entry.name(), null));
            return null;
        });
    }

    /** Decrypts one secret of an entry for the caller; the audit trail records who, which field and why. */
    public RevealedSecret reveal(Caller caller, UUID id, RevealRequest request) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        String reason = blankToNull(request.reason());
        Validator v = new Validator();
        if (reason == null && settings.revealReasonRequired()) {
            v.error("reason", "Say why you need this secret.");
        }
        if (reason != null) {
            v.text("reason", reason, 1, REASON_MAX);
        }
        v.throwIfInvalid();
        String field = wireField(request.field());
        return tx.write(c -> {
            StoredEntry entry = visible(c, caller, id, AccessLevel.READ);
            requireLive(entry);
            StoredValue value = storedField(c, entry, field);
            Secret secret = sealer.openSecret(id, value.version(), value.field(), value.ciphertext());
            trail.record(
                    c,
                    AuditRecord.of(AuditAction.VAULT_ENTRY_REVEAL, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .from(caller.client())
                            .target("vault-entry", id, entry.name())
                            .reason(describeUse(field, reason)));
            return new RevealedSecret(field, value.version(), secret);
        });
    }

    /** Records that the caller copied a secret of an entry. */
    public void copied(Caller caller, UUID id, CopiedRequest request) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        String field = wireField(request.field());
        tx.write(c -> {
            StoredEntry entry = visible(c, caller, id, AccessLevel.READ);
            requireLive(entry);
            storedField(c, entry, field);
            trail.record(
                    c,
                    AuditRecord.of(AuditAction.VAULT_ENTRY_COPY, AuditOutcome.SUCCESS)
                            .actor(caller.user())
                            .from(caller.client())
                            .target("vault-entry", id, entry.name())
                            .reason(describeUse(field, null)));
            return null;
        });
    }

    /** The kept versions of an entry's secret, newest first, with who set each and when. */
    public SecretVersionList versions(Caller caller, UUID id) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        return tx.read(c -> {
            visible(c, caller, id, AccessLevel.READ);
            return new SecretVersionList(repository.versions(c, id, SECRET));
        });
    }

    /** Makes a kept secret value current again, as a new version. */
    public VaultEntry restoreVersion(Caller caller, UUID id, int n, RestoreVersionRequest request) {
        authorizer.require(caller, Module.VAULT, AccessLevel.WRITE);
        if (request.version() == null) {
            throw ApiException.invalid("version", "Send the version you read.");
        }
        Instant now = clock.instant();
        UUID by = caller.userId();
        return tx.write(c -> {
            StoredEntry before = visible(c, caller, id, AccessLevel.WRITE);
            requireLive(before);
            requireVersion(before, request.version());
            StoredValue kept = repository
                    .value(c, id, SECRET, n)
                    .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "This entry has no such version."));
            Secret value = sealer.openSecret(id, kept.version(), SECRET, kept.ciphertext());
            int secretVersion = before.secretVersion() + 1;
            repository.retireValues(c, id, SECRET);
            putValue(c, id, SECRET, secretVersion, value, by, now);
            repository.pruneVersions(c, id, SECRET, settings.versionsKept());
            StoredEntry after = new StoredEntry(
                    id,
                    before.name(),
                    before.kind(),
                    before.username(),
                    before.url(),
                    before.tags(),
                    before.customFields(),
                    before.expiresOn(),
                    before.version() + 1,
                    secretVersion,
                    !value.isEmpty(),
                    before.hasNotes(),
                    value.isEmpty() ? null : sealer.fingerprint(value),
                    strength(before.kind(), value),
                    before.createdBy(),
                    before.createdAt(),
                    by,
                    now,
                    null);
            if (!repository.update(c, after, before.version())) {
                throw stale();
            }
            audit(
                    c,
                    caller,
                    AuditAction.VAULT_VERSION_RESTORE,
                    after,
                    AuditDiff.forEntity(AUDIT_CLEAR_FIELDS)
                            .change("version", Integer.toString(n), Integer.toString(secretVersion))
                            .secretChanged(SECRET));
            return details(c, after, accessOf(c, caller, id));
        });
    }

    /** Weak, reused, expired and expiring entries among those the caller may see. */
    public VaultHealth health(Caller caller) {
        authorizer.require(caller, Module.VAULT, AccessLevel.READ);
        List<HealthRow> rows = tx.read(c -> repository.healthRows(c, isAdmin(caller) ? null : caller.userId()));
        Map<String, Integer> uses = new HashMap<>();
        rows.stream().filter(r -> r.fingerprint() != null).forEach(r -> uses.merge(r.fingerprint(), 1, Integer::sum));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int weak = 0;
        int reused = 0;
        int expired = 0;
        int expiring = 0;
        List<HealthItem> items = new ArrayList<>();
        for (HealthRow row : rows) {
            List<HealthIssue> issues = new ArrayList<>();
            if (row.strength() != null && row.strength() < STRONG_SCORE) {
                issues.add(HealthIssue.WEAK);
                weak++;
            }
            if (row.fingerprint() != null && uses.get(row.fingerprint()) > 1) {
                issues.add(HealthIssue.REUSED);
                reused++;
            }
            if (row.expiresOn() != null && row.expiresOn().isBefore(today)) {
                issues.add(HealthIssue.EXPIRED);
                expired++;
            } else if (row.expiresOn() != null && !row.expiresOn().isAfter(today.plusDays(EXPIRING_DAYS))) {
                issues.add(HealthIssue.EXPIRING);
                expiring++;
            }
            if (!issues.isEmpty()) {
                items.add(new HealthItem(row.id(), row.name(), row.kind(), row.expiresOn(), issues));
            }
        }
        return new VaultHealth(rows.size(), weak, reused, expired, expiring, items);
    }

    /** Destroys entries that have been in the trash longer than the retention; returns how many. */
    public int purgeTrash() {
        Instant cutoff = clock.instant().minus(settings.trashRetention());
        int purged = 0;
        while (true) {
            List<UUID> due = tx.read(c -> repository.trashedBefore(c, cutoff, 100));
            if (due.isEmpty()) {
                return purged;
            }
            for (UUID id : due) {
                tx.write(c -> {
                    Optional<StoredEntry> entry = repository.find(c, id);
                    if (entry.isEmpty() || entry.get().deletedAt() == null) {
                        return null;
                    }
                    repository.delete(c, id);
                    trail.record(
                            c,
                            AuditRecord.of(AuditAction.VAULT_ENTRY_PURGE, AuditOutcome.SUCCESS)
                                    .target("vault-entry", id, entry.get().name())
                                    .reason("In the trash since " + entry.get().deletedAt() + "."));
                    return null;
                });
                purged++;
            }
        }
    }

    /** Records one reminder a day for each entry that expired or expires within 14 days; returns how many. */
    public int remindExpiring() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int reminded = 0;
        while (true) {
            List<HealthRow> due = tx.read(c -> repository.dueForReminder(c, today.plusDays(EXPIRING_DAYS), today, 100));
            if (due.isEmpty()) {
                return reminded;
            }
            tx.write(c -> {
                for (HealthRow row : due) {
                    repository.markReminded(c, row.id(), today);
                    String when = row.expiresOn().isBefore(today) ? "Expired on " : "Expires on ";
                    trail.record(
                            c,
                            AuditRecord.of(AuditAction.VAULT_EXPIRY_REMINDER, AuditOutcome.SUCCESS)
                                    .target("vault-entry", row.id(), row.name())
                                    .reason(when + row.expiresOn() + "."));
                }
                return null;
            });
            reminded += due.size();
        }
    }

    // --- access

    private boolean isAdmin(Caller caller) {
        return caller.user().role() == Role.ADMIN;
    }

    private AccessLevel accessOf(Connection c, Caller caller, UUID id) throws SQLException {
        return isAdmin(caller) ? AccessLevel.WRITE : repository.accessOf(c, id, caller.userId());
    }

    /** The entry, when the caller may see it at {@code needed}; not-found when they may not see it at all. */
    private StoredEntry visible(Connection c, Caller caller, UUID id, AccessLevel needed) throws SQLException {
        Optional<StoredEntry> entry = repository.find(c, id);
        AccessLevel level = entry.isEmpty() ? AccessLevel.NONE : accessOf(c, caller, id);
        if (level == AccessLevel.NONE) {
            throw ApiException.of(ProblemType.NOT_FOUND, "There is no such vault entry.");
        }
        if (!level.includes(needed)) {
            throw ApiException.of(
                    ProblemType.FORBIDDEN, "This entry is shared with you to read only; you cannot change it.");
        }
        return entry.get();
    }

    private static void requireLive(StoredEntry entry) {
        if (entry.deletedAt() != null) {
            throw ApiException.of(ProblemType.CONFLICT, "This entry is in the trash. Restore it first.");
        }
    }

    private static void requireVersion(StoredEntry entry, long version) {
        if (entry.version() != version) {
            throw stale();
        }
    }

    private static ApiException stale() {
        return ApiException.of(
                ProblemType.CONFLICT, "Someone else changed this entry since you read it. Reload and try again.");
    }

    private void requireSharingValid(Connection c, Caller caller, List<VaultShare> sharing) throws SQLException {
        List<UUID> ids = sharing.stream().map(VaultShare::groupId).toList();
        List<UUID> missing = repository.missingGroups(c, ids);
        Validator v = new Validator();
        for (int i = 0; i < sharing.size(); i++) {
            if (missing.contains(sharing.get(i).groupId())) {
                v.error("sharing[" + i + "].groupId", "There is no such group.");
            }
        }
        v.throwIfInvalid();
        if (!isAdmin(caller)) {
            Set<UUID> own = new HashSet<>(repository.groupsOf(c, caller.userId()));
            boolean keepsWrite =
                    sharing.stream().anyMatch(s -> s.access() == AccessLevel.WRITE && own.contains(s.groupId()));
            if (!keepsWrite) {
                throw ApiException.invalid(
                        "sharing", "Share the entry at WRITE with one of your own groups, or you could not change it.");
            }
        }
    }

    // --- values

    private void putValue(Connection c, UUID id, String field, int version, Secret value, UUID by, Instant at)
            throws SQLException {
        SecretSealer.Sealed sealed = sealer.seal(id, version, field, value);
        repository.insertValue(
                c, new StoredValue(id, field, version, sealed.keyId(), sealed.ciphertext()), true, by, at);
    }

    private void replaceCustomFields(
            Connection c, StoredEntry before, List<CustomFieldInput> fields, UUID by, Instant at, AuditDiff diff)
            throws SQLException {
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            CustomFieldInput field = fields.get(i);
            String name = CUSTOM_PREFIX + field.name().strip();
            if (!field.secret()) {
                continue;
            }
            kept.add(name);
            Optional<StoredValue> current = repository.currentValue(c, before.id(), name);
            if (field.value() == null) {
                if (current.isEmpty()) {
                    throw ApiException.invalid("customFields[" + i + "].value", "A value is required.");
                }
                continue;
            }
            int version = current.map(StoredValue::version).orElse(0) + 1;
            repository.deleteValues(c, before.id(), name);
            putValue(c, before.id(), name, version, field.value(), by, at);
            diff.secretChanged(name);
        }
        for (CustomField old : before.customFields()) {
            String name = CUSTOM_PREFIX + old.name();
            if (old.secret() && !kept.contains(name)) {
                repository.deleteValues(c, before.id(), name);
                diff.secretChanged(name);
            }
        }
    }

    private StoredValue storedField(Connection c, StoredEntry entry, String field) throws SQLException {
        String stored =
                switch (field) {
                    case SECRET, NOTES -> field;
                    default -> {
                        boolean secretField = entry.customFields().stream()
                                .anyMatch(f -> f.secret() && f.name().equals(field));
                        if (!secretField) {
                            throw ApiException.of(
                                    ProblemType.NOT_FOUND, "This entry has no secret field of that name.");
                        }
                        yield CUSTOM_PREFIX + field;
                    }
                };
        return repository
                .currentValue(c, entry.id(), stored)
                .orElseThrow(() -> ApiException.of(ProblemType.NOT_FOUND, "This entry holds no value there."));
    }

    private static String wireField(String field) {
        return field == null || field.isBlank() ? SECRET : field.strip();
    }

    private Integer strength(EntryKind kind, Secret secret) {
        if (kind != EntryKind.PASSWORD || secret == null || secret.isEmpty()) {
            return null;
        }
        String value = secret.reveal();
        if (value.length() > STRENGTH_MEASURE_MAX) {
            return 4;
        }
        return estimator.measure(value).getScore();
    }

    // --- validation

    private static void validateContent(
            Validator v,
            String name,
            EntryKind kind,
            String username,
            String url,
            Secret secret,
            Secret notes,
            List<String> tags,
            List<CustomFieldInput> customFields,
            LocalDate expiresOn,
            List<VaultShare> sharing,
            boolean checkSharing) {
        v.text("name", name, 1, NAME_MAX);
        if (kind == null) {
            v.error("kind", "This field is required.");
        }
        if (username != null && !username.isEmpty()) {
            v.text("username", username, 0, USERNAME_MAX);
        }
        if (url != null && !url.isEmpty()) {
            v.text("url", url, 0, URL_MAX);
        }
        size(v, "secret", secret);
        size(v, "notes", notes);
        if (tags.size() > TAGS_MAX) {
            v.error("tags", "Use at most " + TAGS_MAX + " tags.");
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            v.text("tags[" + i + "]", tag, 1, TAG_MAX);
            if (tag != null && tag.contains("|")) {
                v.error("tags[" + i + "]", "A tag cannot contain |.");
            }
        }
        if (customFields.size() > CUSTOM_FIELDS_MAX) {
            v.error("customFields", "Use at most " + CUSTOM_FIELDS_MAX + " custom fields.");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < customFields.size(); i++) {
            CustomFieldInput field = customFields.get(i);
            String prefix = "customFields[" + i + "]";
            if (field == null) {
                v.error(prefix, "This field is required.");
                continue;
            }
            v.text(prefix + ".name", field.name(), 1, CUSTOM_NAME_MAX);
            if (field.name() != null) {
                String fieldName = field.name().strip();
                if (fieldName.equals(SECRET) || fieldName.equals(NOTES)) {
                    v.error(prefix + ".name", "This name is reserved.");
                } else if (!names.add(fieldName)) {
                    v.error(prefix + ".name", "Another custom field has this name.");
                }
            }
            if (!field.secret() && field.value() == null) {
                v.error(prefix + ".value", "A value is required.");
            }
            size(v, prefix + ".value", field.value());
        }
        if (expiresOn != null && (expiresOn.isBefore(EXPIRY_MIN) || expiresOn.isAfter(EXPIRY_MAX))) {
            v.error("expiresOn", "Use a date between 1970-01-01 and 9999-12-31.");
        }
        if (checkSharing) {
            Set<UUID> groups = new HashSet<>();
            for (int i = 0; i < sharing.size(); i++) {
                VaultShare share = sharing.get(i);
                if (share == null || share.groupId() == null) {
                    v.error("sharing[" + i + "].groupId", "This field is required.");
                    continue;
                }
                if (share.access() != AccessLevel.READ && share.access() != AccessLevel.WRITE) {
                    v.error("sharing[" + i + "].access", "Use READ or WRITE.");
                }
                if (!groups.add(share.groupId())) {
                    v.error("sharing[" + i + "].groupId", "This group is listed twice.");
                }
            }
        }
    }

    private static void size(Validator v, String field, Secret value) {
        if (value != null
                && value.length() > VALUE_MAX_BYTES / 4
                && value.reveal().getBytes(StandardCharsets.UTF_8).length > VALUE_MAX_BYTES) {
            v.error(field, "Use at most 64 KiB.");
        }
    }

    private static List<String> normalizeTags(List<String> tags) {
        return List.copyOf(new LinkedHashSet<>(tags.stream().map(String::strip).toList()));
    }

    private static List<CustomField> publicFields(List<CustomFieldInput> fields) {
        return fields.stream()
                .map(f -> new CustomField(
                        f.name().strip(),
                        f.secret(),
                        f.secret() ? null : f.value().reveal()))
                .toList();
    }

    private static List<VaultShare> dedupe(List<VaultShare> sharing) {
        Map<UUID, VaultShare> byGroup = new java.util.LinkedHashMap<>();
        sharing.forEach(s -> byGroup.putIfAbsent(s.groupId(), s));
        return List.copyOf(byGroup.values());
    }

    // --- answers and audit

    private VaultEntry details(Connection c, StoredEntry e, AccessLevel access) throws SQLException {
        return new VaultEntry(
                e.id(),
                e.name(),
                e.kind(),
                e.username(),
                e.url(),
                e.tags(),
                e.customFields(),
                e.expiresOn(),
                repository.shares(c, e.id()),
                e.hasSecret(),
                e.hasNotes(),
                e.secretVersion(),
                e.version(),
                e.createdBy(),
                e.createdAt(),
                e.updatedBy(),
                e.updatedAt(),
                e.deletedAt(),
                access);
    }

    private void audit(Connection c, Caller caller, AuditAction action, StoredEntry entry, AuditDiff diff)
            throws SQLException {
        trail.record(
                c,
                AuditRecord.of(action, AuditOutcome.SUCCESS)
                        .actor(caller.user())
                        .from(caller.client())
                        .target("vault-entry", entry.id(), entry.name())
                        .diff(diff));
    }

    private static void changed(AuditDiff diff, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            diff.change(field, before, after);
        }
    }

    private static String describe(List<VaultShare> sharing) {
        return sharing.stream()
                .map(s -> s.groupId() + "=" + s.access())
                .sorted()
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    private static String fieldNames(List<CustomField> fields) {
        return String.join(", ", fields.stream().map(CustomField::name).toList());
    }

    private static String describeUse(String field, String reason) {
        return "Field " + field + (reason == null ? "." : ". Reason: " + reason);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
