package dev.bulwark.server.vault;

import static dev.bulwark.server.vault.VaultFixtures.full;
import static dev.bulwark.server.vault.VaultFixtures.newSecret;
import static dev.bulwark.server.vault.VaultFixtures.password;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.vault.CopiedRequest;
import dev.bulwark.model.vault.CreateVaultEntryRequest;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.HealthIssue;
import dev.bulwark.model.vault.HealthItem;
import dev.bulwark.model.vault.RevealRequest;
import dev.bulwark.model.vault.SecretVersion;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultQuery;
import dev.bulwark.model.vault.VaultShare;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VaultIT extends AdminServerFixture {

    @Test
    void anEntry_keepsItsSecretsOutOfItsDetails_andRevealsEachOnRequest() {
        VaultEntry entry = admin.vault()
                .create(full("billing", "sk-live-4242", "rotate quarterly", "9911", List.of("prod", "payments"), null));

        VaultEntry read = admin.vault().get(entry.id());
        assertThat(read.name()).isEqualTo("billing");
        assertThat(read.kind()).isEqualTo(EntryKind.API_KEY);
        assertThat(read.tags()).containsExactly("prod", "payments");
        assertThat(read.hasSecret()).isTrue();
        assertThat(read.hasNotes()).isTrue();
        assertThat(read.customFields())
                .extracting(f -> f.name() + "=" + f.value())
                .containsExactly("pin=null", "region=eu-west");
        assertThat(Json.lenient().valueToTree(read).toString())
                .doesNotContain("sk-live-4242", "rotate quarterly", "9911");

        assertThat(admin.vault()
                        .reveal(entry.id(), RevealRequest.secret())
                        .value()
                        .reveal())
                .isEqualTo("sk-live-4242");
        assertThat(admin.vault()
                        .reveal(entry.id(), new RevealRequest(null, "notes"))
                        .value()
                        .reveal())
                .isEqualTo("rotate quarterly");
        assertThat(admin.vault()
                        .reveal(entry.id(), new RevealRequest("on call", "pin"))
                        .value()
                        .reveal())
                .isEqualTo("9911");
        assertThat(failure(() -> admin.vault().reveal(entry.id(), new RevealRequest(null, "region")))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
    }

    @Test
    void revealAndCopy_areAudited_withTheFieldAndReason_butNeverTheValue() throws Exception {
        VaultEntry entry = admin.vault().create(password("db", "hunter2-very-secret-value"));

        admin.vault().reveal(entry.id(), new RevealRequest("incident 42", null));
        admin.vault().copied(entry.id(), null);

        List<AuditEvent> events = admin.audit().events(AuditQuery.all()).events();
        assertThat(events)
                .extracting(AuditEvent::action)
                .contains("vault.entry.create", "vault.entry.reveal", "vault.entry.copy");
        AuditEvent reveal = events.stream()
                .filter(e -> e.action().equals("vault.entry.reveal"))
                .findFirst()
                .orElseThrow();
        assertThat(reveal.reason()).contains("secret", "incident 42");
        assertThat(reveal.targetId()).isEqualTo(entry.id().toString());
        assertThat(Json.lenient().writeValueAsString(events)).doesNotContain("hunter2-very-secret-value");
    }

    @Test
    void listAndSearch_findEntriesByNameUrlTagAndKind() {
        admin.vault().create(full("alpha-api", "a", "n", "1", List.of("prod"), null));
        admin.vault().create(password("beta", "b-secret-value"));
        admin.vault().create(password("gamma", "c-secret-value"));

        assertThat(names(admin.vault().list(VaultQuery.all()).entries())).containsExactly("alpha-api", "beta", "gamma");
        assertThat(names(admin.vault().search("BETA").entries())).containsExactly("beta");
        assertThat(names(admin.vault().search("gamma.example.com").entries())).containsExactly("gamma");
        assertThat(names(admin.vault()
                        .list(new VaultQuery(null, "PROD", null, false, 0, 0))
                        .entries()))
                .containsExactly("alpha-api");
        assertThat(names(admin.vault()
                        .list(new VaultQuery(null, null, EntryKind.PASSWORD, false, 0, 0))
                        .entries()))
                .containsExactly("beta", "gamma");
        var page = admin.vault().list(new VaultQuery(null, null, null, false, 1, 1));
        assertThat(names(page.entries())).containsExactly("beta");
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void sharedEntries_areVisibleToMembersWithVaultPermission_andInvisibleEntriesAreNotFoundEverywhere() {
        Group ops = group("ops", Map.of(Module.VAULT, AccessLevel.WRITE));
        Group dev = group("dev", Map.of(Module.VAULT, AccessLevel.READ));
        BulwarkClient olga = member("olga@example.com", Role.EDITOR, ops);
        BulwarkClient dan = member("dan@example.com", Role.USER, dev);
        BulwarkClient nobody = member("nina@example.com", Role.EDITOR, null);

        VaultEntry shared = admin.vault()
                .create(password(
                        "shared",
                        "shared-secret-1",
                        new VaultShare(ops.id(), AccessLevel.WRITE),
                        new VaultShare(dev.id(), AccessLevel.READ)));
        VaultEntry opsOnly =
                admin.vault().create(password("ops-only", "ops-secret-2", new VaultShare(ops.id(), AccessLevel.READ)));
        VaultEntry hidden = admin.vault().create(password("hidden", "hidden-secret-3"));

        assertThat(names(olga.vault().list(VaultQuery.all()).entries())).containsExactly("ops-only", "shared");
        assertThat(names(dan.vault().list(VaultQuery.all()).entries())).containsExactly("shared");
        assertThat(olga.vault().get(shared.id()).access()).isEqualTo(AccessLevel.WRITE);
        assertThat(dan.vault().get(shared.id()).access()).isEqualTo(AccessLevel.READ);
        assertThat(dan.vault()
                        .reveal(shared.id(), RevealRequest.secret())
                        .value()
                        .reveal())
                .isEqualTo("shared-secret-1");

        for (BulwarkClient outsider : List.of(dan, olga)) {
            assertThat(failure(() -> outsider.vault().get(hidden.id())).type()).isEqualTo(ProblemType.NOT_FOUND);
            assertThat(failure(() -> outsider.vault().reveal(hidden.id(), RevealRequest.secret()))
                            .type())
                    .isEqualTo(ProblemType.NOT_FOUND);
            assertThat(failure(() -> outsider.vault().versions(hidden.id())).type())
                    .isEqualTo(ProblemType.NOT_FOUND);
            assertThat(outsider.vault().health().items())
                    .extracting(HealthItem::entryId)
                    .doesNotContain(hidden.id());
        }
        assertThat(failure(() -> olga.vault().delete(hidden.id())).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> dan.vault().reveal(opsOnly.id(), RevealRequest.secret()))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> dan.vault().update(shared.id(), newSecret(shared, "x")))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(failure(() -> olga.vault().update(opsOnly.id(), newSecret(opsOnly, "x")))
                        .type())
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(olga.vault()
                        .update(shared.id(), newSecret(shared, "changed-by-olga"))
                        .secretVersion())
                .isEqualTo(2);
        assertThat(failure(() -> nobody.vault().list(VaultQuery.all())).type()).isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void aNonAdministrator_mustShareWhatTheyCreateWithTheirOwnGroupAtWrite() {
        Group ops = group("ops", Map.of(Module.VAULT, AccessLevel.WRITE));
        Group other = group("other", Map.of());
        BulwarkClient olga = member("olga@example.com", Role.EDITOR, ops);

        var unshared = failure(() -> olga.vault().create(password("mine", "value-1")));
        assertThat(unshared.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(unshared.fieldErrors()).extracting(f -> f.field()).containsExactly("sharing");
        var elsewhere = failure(
                () -> olga.vault().create(password("mine", "value-1", new VaultShare(other.id(), AccessLevel.WRITE))));
        assertThat(elsewhere.fieldErrors()).extracting(f -> f.field()).containsExactly("sharing");

        VaultEntry mine = olga.vault().create(password("mine", "value-1", new VaultShare(ops.id(), AccessLevel.WRITE)));
        assertThat(olga.vault().get(mine.id()).sharing()).containsExactly(new VaultShare(ops.id(), AccessLevel.WRITE));
    }

    @Test
    void sharingWithAGroupThatDoesNotExist_isRefusedNamingTheField() {
        var problem = failure(
                () -> admin.vault().create(password("x", "v", new VaultShare(UUID.randomUUID(), AccessLevel.READ))));
        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(problem.fieldErrors()).extracting(f -> f.field()).containsExactly("sharing[0].groupId");
    }

    @Test
    void everySecretChange_keepsThePreviousValue_andAnOldVersionCanBeRestored() {
        VaultEntry v1 = admin.vault().create(password("db", "first-value"));
        VaultEntry v2 = admin.vault().update(v1.id(), newSecret(v1, "second-value"));
        VaultEntry v3 = admin.vault().update(v1.id(), newSecret(v2, "third-value"));

        List<SecretVersion> versions = admin.vault().versions(v1.id()).versions();
        assertThat(versions).extracting(SecretVersion::version).containsExactly(3, 2, 1);
        assertThat(versions).extracting(SecretVersion::current).containsExactly(true, false, false);
        assertThat(versions.getFirst().changedByEmail()).isEqualTo("admin@example.com");

        VaultEntry restored = admin.vault().restoreVersion(v1.id(), 1, v3.version());
        assertThat(restored.secretVersion()).isEqualTo(4);
        assertThat(admin.vault().reveal(v1.id(), RevealRequest.secret()).value().reveal())
                .isEqualTo("first-value");
    }

    @Test
    void onlyTheNewestTenVersionsAreKept() {
        VaultEntry entry = admin.vault().create(password("db", "value-0"));
        for (int i = 1; i <= 11; i++) {
            entry = admin.vault().update(entry.id(), newSecret(entry, "value-" + i));
        }
        assertThat(admin.vault().versions(entry.id()).versions())
                .extracting(SecretVersion::version)
                .containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3);
    }

    @Test
    void aStaleUpdate_isAConflict_andChangesNothing() {
        VaultEntry read = admin.vault().create(password("db", "original"));
        admin.vault().update(read.id(), newSecret(read, "someone-else"));

        var problem = failure(() -> admin.vault().update(read.id(), newSecret(read, "mine")));
        assertThat(problem.type()).isEqualTo(ProblemType.CONFLICT);
        assertThat(failure(() -> admin.vault().restoreVersion(read.id(), 1, read.version()))
                        .type())
                .isEqualTo(ProblemType.CONFLICT);
        assertThat(admin.vault()
                        .reveal(read.id(), RevealRequest.secret())
                        .value()
                        .reveal())
                .isEqualTo("someone-else");
    }

    @Test
    void deletedEntries_goToTheTrash_canBeRestored_andDestroyedForGood() {
        VaultEntry entry = admin.vault().create(password("old", "old-value"));

        admin.vault().delete(entry.id());
        assertThat(admin.vault().list(VaultQuery.all()).entries()).isEmpty();
        assertThat(names(admin.vault().trash().entries())).containsExactly("old");
        assertThat(admin.vault().get(entry.id()).deletedAt()).isNotNull();
        assertThat(failure(() -> admin.vault().reveal(entry.id(), RevealRequest.secret()))
                        .type())
                .isEqualTo(ProblemType.CONFLICT);

        admin.vault().restore(entry.id());
        assertThat(names(admin.vault().list(VaultQuery.all()).entries())).containsExactly("old");
        assertThat(admin.vault()
                        .reveal(entry.id(), RevealRequest.secret())
                        .value()
                        .reveal())
                .isEqualTo("old-value");

        admin.vault().delete(entry.id());
        admin.vault().destroy(entry.id());
        assertThat(failure(() -> admin.vault().get(entry.id())).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(admin.vault().trash().entries()).isEmpty();
    }

    @Test
    void theHealthReport_findsWeakReusedExpiredAndExpiringEntries() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        admin.vault().create(password("weak", "password1"));
        admin.vault().create(password("reuse-a", "Correct-Horse-Battery-Staple-991"));
        admin.vault().create(password("reuse-b", "Correct-Horse-Battery-Staple-991"));
        admin.vault().create(full("expired", "k-1", "n", "1", List.of(), today.minusDays(1)));
        admin.vault().create(full("expiring", "k-2", "n", "1", List.of(), today.plusDays(7)));
        admin.vault().create(full("fine", "k-3", "n", "1", List.of(), today.plusDays(60)));

        var health = admin.vault().health();
        assertThat(health.checked()).isEqualTo(6);
        assertThat(health.items())
                .extracting(i -> i.name() + ":" + i.issues())
                .containsExactly(
                        "expired:[EXPIRED]",
                        "expiring:[EXPIRING]",
                        "reuse-a:[REUSED]",
                        "reuse-b:[REUSED]",
                        "weak:[WEAK]");
        assertThat(List.of(health.weak(), health.reused(), health.expired(), health.expiring()))
                .containsExactly(1, 2, 1, 1);
        assertThat(HealthIssue.values()).hasSize(4);
    }

    @Test
    void badInput_isRefusedWithEveryBadFieldNamed() throws Exception {
        String huge = "x".repeat(64 * 1024 + 1);
        var problem = failure(() -> admin.vault()
                .create(new CreateVaultEntryRequest(
                        "",
                        null,
                        null,
                        null,
                        Secret.of(huge),
                        Secret.of(huge),
                        List.of("a|b"),
                        List.of(),
                        LocalDate.of(1969, 1, 1),
                        List.of())));
        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(problem.fieldErrors())
                .extracting(f -> f.field())
                .containsExactlyInAnyOrder("name", "kind", "secret", "notes", "tags[0]", "expiresOn");
        assertThat(problem.toString() + problem.fieldErrors()).doesNotContain(huge);

        assertThat(post("{\"name\":\"n\",\"kind\":\"rocket\"}").body()).contains("kind");
        assertThat(post("{\"name\":\"n\",\"kind\":\"rocket\"}").statusCode()).isEqualTo(400);
        assertThat(post("{\"name\":\"n\",\"kind\":\"password\",\"expiresOn\":\"2026-13-45\"}")
                        .body())
                .contains("expiresOn");
        assertThat(failure(() -> admin.vault().list(new VaultQuery(null, null, null, false, 0, 5000)))
                        .type())
                .isEqualTo(ProblemType.VALIDATION_FAILED);
    }

    @Test
    void copiedForAnEntryOneCannotSee_isNotFound() {
        Group dev = group("dev", Map.of(Module.VAULT, AccessLevel.READ));
        BulwarkClient dan = member("dan@example.com", Role.USER, dev);
        VaultEntry hidden = admin.vault().create(password("hidden", "value"));
        assertThat(failure(() -> dan.vault().copied(hidden.id(), null)).type()).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(failure(() -> admin.vault().copied(UUID.randomUUID(), "secret"))
                        .type())
                .isEqualTo(ProblemType.NOT_FOUND);
        assertThat(new CopiedRequest(null).field()).isNull();
    }

    private HttpResponse<String> post(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri() + "/api/v1/vault/entries"))
                .header(
                        "Authorization",
                        "Bearer " + admin.session().orElseThrow().accessToken().reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Group group(String name, Map<Module, AccessLevel> grants) {
        Group group = admin.groups().create(new CreateGroupRequest(name, ""));
        admin.groups().setGrants(group.id(), new Grants(grants));
        return group;
    }

    private BulwarkClient member(String email, Role role, Group group) {
        var user = IdentityFixtures.createUser(admin, email, email, role);
        if (group != null) {
            admin.groups().addMember(group.id(), user.user().id());
        } else {
            admin.users().setGrants(user.user().id(), new Grants(Map.of()));
        }
        return IdentityFixtures.signIn(server, email);
    }

    private static List<String> names(List<VaultEntrySummary> entries) {
        return entries.stream().map(VaultEntrySummary::name).toList();
    }
}
