package dev.bulwark.server.openapi;

import static dev.bulwark.server.openapi.Operation.delete;
import static dev.bulwark.server.openapi.Operation.get;
import static dev.bulwark.server.openapi.Operation.post;
import static dev.bulwark.server.openapi.Operation.put;

import dev.bulwark.model.audit.AuditCheckpoints;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditHistogram;
import dev.bulwark.model.audit.AuditPage;
import dev.bulwark.model.audit.AuditSummary;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.auth.MfaEmailRequest;
import dev.bulwark.model.auth.MfaEmailSent;
import dev.bulwark.model.auth.MfaVerifyRequest;
import dev.bulwark.model.auth.RefreshRequest;
import dev.bulwark.model.auth.SessionList;
import dev.bulwark.model.auth.SessionTokens;
import dev.bulwark.model.backup.Backup;
import dev.bulwark.model.backup.BackupOverview;
import dev.bulwark.model.backup.RestoreTestResult;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationList;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardTestResult;
import dev.bulwark.model.group.CreateGroupRequest;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupList;
import dev.bulwark.model.group.UpdateGroupRequest;
import dev.bulwark.model.mfa.KnownIpList;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.MfaStatus;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.oidc.LinkedIdentityList;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import dev.bulwark.model.oidc.OidcProviderInfoList;
import dev.bulwark.model.oidc.OidcProviderList;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.posture.PostureReport;
import dev.bulwark.model.server.ServerInfo;
import dev.bulwark.model.server.ServerStatus;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.token.ApiTokenList;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import dev.bulwark.model.user.ChangePasswordRequest;
import dev.bulwark.model.user.CreateUserRequest;
import dev.bulwark.model.user.PasswordCheck;
import dev.bulwark.model.user.PasswordCheckRequest;
import dev.bulwark.model.user.PasswordResetRequest;
import dev.bulwark.model.user.UpdateUserRequest;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserDetails;
import dev.bulwark.model.user.UserImportReport;
import dev.bulwark.model.user.UserImportRequest;
import dev.bulwark.model.user.UserPage;
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
import dev.bulwark.server.openapi.Operation.Param;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every operation the server has: the endpoint table {@code /api/openapi.json} is built from. A route added to
 * a {@code *Routes} class gets its row here (with its body type's limits in {@code FieldLimits});
 * {@code OpenApiCoverageTest} fails until both agree.
 */
public final class ApiOperations {
    private static final Param[] AUDIT_FILTERS = {
        Param.instant("from"),
        Param.instant("to"),
        Param.text("actor", 254),
        Param.text("action", 4096),
        Param.text("targetType", 64),
        Param.text("targetId", 254),
        Param.text("outcome", 16),
        Param.text("ip", 64),
        Param.text("q", 200),
        Param.integer("limit"),
        Param.integer("before"),
        Param.text("target", 254)
    };

    /** The table, in the order the document lists it. */
    public static final List<Operation> ALL = List.of(
            // status and operations
            get("/api/v1/server", "Version, mode and whether the first administrator is still missing.")
                    .open()
                    .answers(ServerInfo.class),
            get("/api/v1/server/status", "Uptime, database and data directory of the server.")
                    .answers(ServerStatus.class),
            get("/health/live", "Liveness: the process answers.").operator().answers(Map.class),
            get("/health/ready", "Readiness: the database answers too (503 when it does not).")
                    .operator()
                    .answers(Map.class),
            get("/metrics", "Prometheus metrics in the text exposition format.")
                    .operator()
                    .produces("text/plain; version=0.0.4"),
            get("/api/openapi.json", "This document.").open().answers(Map.class),
            get("/.well-known/jwks.json", "The public keys that sign access tokens.")
                    .open()
                    .produces("application/jwk-set+json"),
            // first run and sign-in
            post("/api/v1/setup", "Creates the first administrator (once).")
                    .open()
                    .body(SetupRequest.class)
                    .answers(201, User.class),
            post("/api/v1/auth/login", "Signs in with email and password.")
                    .open()
                    .body(LoginRequest.class)
                    .answers(SessionTokens.class),
            post("/api/v1/auth/mfa", "Completes a sign-in that needs a second factor.")
                    .open()
                    .body(MfaVerifyRequest.class)
                    .answers(SessionTokens.class),
            post("/api/v1/auth/mfa/email", "Sends (or sends again) the email code of a second-factor challenge.")
                    .open()
                    .body(MfaEmailRequest.class)
                    .answers(MfaEmailSent.class),
            get("/api/v1/auth/oidc/providers", "The providers one can sign in with through the system browser.")
                    .open()
                    .answers(OidcProviderInfoList.class),
            get("/api/v1/auth/oidc/{provider}/start", "Starts a browser sign-in: redirects to the provider.")
                    .open()
                    .query(
                            Param.text("redirect_uri", 400),
                            Param.text("state", 200),
                            Param.text("code_challenge", 200),
                            Param.text("code_challenge_method", 16))
                    .produces("text/html; charset=utf-8"),
            get("/api/v1/auth/oidc/{provider}/callback", "Where the provider returns: redirects to the desktop.")
                    .open()
                    .query(
                            Param.text("state", 200),
                            Param.text("code", 2000),
                            Param.text("error", 200),
                            Param.text("error_description", 2000))
                    .produces("text/html; charset=utf-8"),
            post(
                            "/api/v1/auth/oidc/token",
                            "Exchanges the desktop's one-time code and PKCE verifier for tokens (or, for an"
                                    + " administrator, a second-factor challenge).")
                    .open()
                    .body(OidcTokenRequest.class)
                    .answers(SessionTokens.class),
            post("/api/v1/auth/refresh", "Exchanges a refresh token for new tokens (the old one stops working).")
                    .open()
                    .body(RefreshRequest.class)
                    .answers(SessionTokens.class),
            post("/api/v1/auth/logout", "Ends the caller's session.").noContent(),
            post("/api/v1/password-policy/check", "Rates a candidate password against the policy.")
                    .open()
                    .body(PasswordCheckRequest.class)
                    .answers(PasswordCheck.class),
            // the signed-in user
            get("/api/v1/me", "The signed-in user.").answers(User.class),
            put("/api/v1/me/password", "Changes the caller's password (other sessions end).")
                    .body(ChangePasswordRequest.class)
                    .noContent(),
            get("/api/v1/me/sessions", "The caller's sessions.").answers(SessionList.class),
            get("/api/v1/me/mfa", "The caller's second factors and the MFA policy.")
                    .answers(MfaStatus.class),
            post("/api/v1/me/mfa/totp", "Starts enrolling an authenticator app.")
                    .answers(TotpEnrolment.class),
            post("/api/v1/me/mfa/totp/confirm", "Confirms the authenticator app with a code; returns recovery codes.")
                    .body(MfaCodeRequest.class)
                    .answers(RecoveryCodes.class),
            post("/api/v1/me/mfa/totp/disable", "Removes the authenticator app (needs a code or the password).")
                    .body(MfaCodeRequest.class)
                    .noContent(),
            post("/api/v1/me/mfa/recovery-codes", "Replaces the caller's recovery codes (shown once).")
                    .body(MfaCodeRequest.class)
                    .answers(RecoveryCodes.class),
            get("/api/v1/me/known-ips", "The addresses the caller has signed in from.")
                    .answers(KnownIpList.class),
            delete("/api/v1/me/known-ips/{ip}", "Forgets one of the caller's known addresses."),
            delete("/api/v1/me/sessions/{id}", "Ends one of the caller's sessions."),
            get("/api/v1/me/tokens", "The caller's API tokens.").answers(ApiTokenList.class),
            post("/api/v1/me/tokens", "Creates an API token; its value is shown once.")
                    .body(CreateApiTokenRequest.class)
                    .answers(201, CreatedApiToken.class),
            delete("/api/v1/me/tokens/{id}", "Revokes one of the caller's API tokens."),
            // users
            get("/api/v1/users", "Searches users, a page at a time.")
                    .query(Param.text("q", 200), Param.integer("limit"), Param.text("cursor", 400))
                    .answers(UserPage.class),
            post("/api/v1/users", "Creates a user.")
                    .body(CreateUserRequest.class)
                    .answers(201, UserDetails.class),
            post("/api/v1/users/import", "Creates users in bulk, with a result per row (or a dry run).")
                    .body(UserImportRequest.class)
                    .answers(UserImportReport.class),
            get("/api/v1/users/{id}", "One user.").answers(UserDetails.class),
            put("/api/v1/users/{id}", "Changes a user (optimistic: send the version you read).")
                    .body(UpdateUserRequest.class)
                    .answers(UserDetails.class),
            delete("/api/v1/users/{id}", "Deletes a user."),
            post("/api/v1/users/{id}/disable", "Disables a user and ends their sessions.")
                    .answers(UserDetails.class),
            post("/api/v1/users/{id}/enable", "Enables a user.").answers(UserDetails.class),
            post("/api/v1/users/{id}/unlock", "Ends a sign-in lock.").answers(UserDetails.class),
            post("/api/v1/users/{id}/password-reset", "Sets a temporary password the user must change.")
                    .body(PasswordResetRequest.class)
                    .answers(UserDetails.class),
            get("/api/v1/users/{id}/grants", "The user's own module grants.").answers(Grants.class),
            put("/api/v1/users/{id}/grants", "Replaces the user's own module grants.")
                    .body(Grants.class)
                    .answers(Grants.class),
            get("/api/v1/users/{id}/effective-permissions", "What the user may do, and why.")
                    .answers(EffectivePermissions.class),
            get("/api/v1/users/{id}/sessions", "The user's sessions.").answers(SessionList.class),
            get("/api/v1/users/{id}/known-ips", "The addresses the user has signed in from.")
                    .answers(KnownIpList.class),
            delete("/api/v1/users/{id}/known-ips/{ip}", "Forgets one of the user's known addresses."),
            get("/api/v1/users/{id}/identities", "The sign-in provider accounts the user is bound to.")
                    .answers(LinkedIdentityList.class),
            delete("/api/v1/users/{id}/identities/{linkId}", "Unbinds one of the user's provider accounts (admin)."),
            post("/api/v1/users/{id}/mfa-reset", "Removes the user's authenticator app and recovery codes.")
                    .noContent(),
            delete("/api/v1/users/{id}/sessions", "Ends every session of the user."),
            delete("/api/v1/users/{id}/sessions/{sid}", "Ends one session of the user."),
            get("/api/v1/users/{id}/tokens", "The user's API tokens.").answers(ApiTokenList.class),
            delete("/api/v1/users/{id}/tokens/{tokenId}", "Revokes one API token of the user."),
            // groups
            get("/api/v1/groups", "Every group.").answers(GroupList.class),
            post("/api/v1/groups", "Creates a group.")
                    .body(CreateGroupRequest.class)
                    .answers(201, Group.class),
            get("/api/v1/groups/{id}", "One group with its members and grants.").answers(GroupDetails.class),
            put("/api/v1/groups/{id}", "Changes a group (optimistic: send the version you read).")
                    .body(UpdateGroupRequest.class)
                    .answers(Group.class),
            delete("/api/v1/groups/{id}", "Deletes a group."),
            put("/api/v1/groups/{id}/members/{userId}", "Adds a user to a group.")
                    .noContent(),
            delete("/api/v1/groups/{id}/members/{userId}", "Removes a user from a group."),
            put("/api/v1/groups/{id}/grants", "Replaces the group's module grants.")
                    .body(Grants.class)
                    .answers(Grants.class),
            // vault
            get("/api/v1/vault/entries", "Lists vault entries the caller may see.")
                    .query(
                            Param.text("q", 200),
                            Param.text("tag", 40),
                            Param.text("kind", 20),
                            Param.flag("trash"),
                            Param.integer("offset"),
                            Param.integer("limit"))
                    .answers(VaultEntryList.class),
            post("/api/v1/vault/entries", "Creates a vault entry.")
                    .body(CreateVaultEntryRequest.class)
                    .answers(201, VaultEntry.class),
            get("/api/v1/vault/entries/{id}", "One vault entry, secrets masked.")
                    .answers(VaultEntry.class),
            put("/api/v1/vault/entries/{id}", "Changes a vault entry (optimistic: send the version you read).")
                    .body(UpdateVaultEntryRequest.class)
                    .answers(VaultEntry.class),
            delete("/api/v1/vault/entries/{id}", "Moves an entry to the trash, or deletes it for good.")
                    .query(Param.flag("permanent")),
            post("/api/v1/vault/entries/{id}/restore", "Restores an entry from the trash.")
                    .answers(VaultEntry.class),
            post("/api/v1/vault/entries/{id}/reveal", "Reveals one secret of an entry (audited).")
                    .body(RevealRequest.class)
                    .answers(RevealedSecret.class),
            post("/api/v1/vault/entries/{id}/copied", "Records that a secret was copied (audited).")
                    .body(CopiedRequest.class)
                    .noContent(),
            get("/api/v1/vault/entries/{id}/versions", "The versions of an entry's secret.")
                    .answers(SecretVersionList.class),
            post("/api/v1/vault/entries/{id}/versions/{n}/restore", "Makes an old secret version current again.")
                    .body(RestoreVersionRequest.class)
                    .answers(VaultEntry.class),
            get("/api/v1/vault/health", "Weak, reused, expired and expiring secrets.")
                    .answers(VaultHealth.class),
            get("/api/v1/vault/rotation", "The state of the vault's data key rotation.")
                    .answers(RotationStatus.class),
            post("/api/v1/vault/rotation", "Starts rotating the vault's data key.")
                    .answers(202, RotationStatus.class),
            // audit
            get("/api/v1/audit/events", "Audit events, newest first, a page at a time.")
                    .query(AUDIT_FILTERS)
                    .answers(AuditPage.class),
            get("/api/v1/audit/events/{seq}", "One audit event with its changes.")
                    .answers(AuditEvent.class),
            get("/api/v1/audit/histogram", "Counts of matching audit events per time bucket.")
                    .query(withBucket())
                    .answers(AuditHistogram.class),
            get("/api/v1/audit/summary", "Counts of security events in the last 24 hours or 7 days, for the Dashboard.")
                    .query(Param.text("period", 3))
                    .answers(AuditSummary.class),
            get("/api/v1/audit/export", "Matching events as a signed bundle or CSV.")
                    .query(withFormat())
                    .produces("application/octet-stream"),
            get("/api/v1/audit/checkpoints", "Signed checkpoints of the audit chain and their keys.")
                    .answers(AuditCheckpoints.class),
            post("/api/v1/audit/verify", "Verifies the audit chain.")
                    .query(Param.integer("from"))
                    .answers(ChainVerification.class),
            // settings and posture
            get("/api/v1/settings/sign-in", "MFA policy and mail server (the mail password is never shown).")
                    .answers(SignInSettings.class),
            put("/api/v1/settings/sign-in", "Changes the MFA policy and the mail server (administrators).")
                    .body(UpdateSignInSettingsRequest.class)
                    .answers(SignInSettings.class),
            post("/api/v1/settings/sign-in/test-mail", "Sends a test mail to the caller.")
                    .noContent(),
            get("/api/v1/settings/oidc-providers", "The sign-in providers (client secrets are never shown).")
                    .answers(OidcProviderList.class),
            post("/api/v1/settings/oidc-providers", "Adds a sign-in provider (administrators only).")
                    .body(OidcProviderRequest.class)
                    .answers(201, OidcProvider.class),
            get("/api/v1/settings/oidc-providers/{id}", "One sign-in provider.").answers(OidcProvider.class),
            put(
                            "/api/v1/settings/oidc-providers/{id}",
                            "Changes a sign-in provider (admin; a new issuer or client id drops the secret and links).")
                    .body(OidcProviderRequest.class)
                    .answers(OidcProvider.class),
            delete("/api/v1/settings/oidc-providers/{id}", "Removes a sign-in provider and its links (admin)."),
            post(
                            "/api/v1/settings/oidc-providers/{id}/test",
                            "Fetches the provider's discovery document and keys (admin).")
                    .answers(OidcProviderCheck.class),
            get("/api/v1/settings/forwarding", "The audit forwarding destinations with their delivery status.")
                    .answers(ForwardDestinationList.class),
            post("/api/v1/settings/forwarding", "Adds a syslog or webhook destination (administrators only).")
                    .body(ForwardDestinationRequest.class)
                    .answers(201, ForwardDestination.class),
            get("/api/v1/settings/forwarding/{id}", "One forwarding destination with its status.")
                    .answers(ForwardDestination.class),
            put("/api/v1/settings/forwarding/{id}", "Changes a forwarding destination (admin; a null secret keeps it).")
                    .body(ForwardDestinationRequest.class)
                    .answers(ForwardDestination.class),
            delete("/api/v1/settings/forwarding/{id}", "Removes a forwarding destination (admin)."),
            post("/api/v1/settings/forwarding/{id}/test", "Sends one test message to the destination (admin).")
                    .answers(ForwardTestResult.class),
            get("/api/v1/posture", "The security posture report: every check with its verdict, why and fix.")
                    .answers(PostureReport.class),
            // backups
            get("/api/v1/backups", "The encrypted backups kept, with restore tests, schedule and retention (admin).")
                    .answers(BackupOverview.class),
            post("/api/v1/backups", "Backs the running server up now into its backup directory (admin).")
                    .answers(201, Backup.class),
            post("/api/v1/backups/{id}/restore-test", "Restores a backup into a scratch copy, checks and deletes it.")
                    .answers(RestoreTestResult.class));

    private static final List<Template> TEMPLATES = ALL.stream()
            .map(op -> new Template(op.method(), op.path(), op.pattern()))
            .toList();

    private ApiOperations() {}

    /** The path template of the operation {@code method} at {@code path} reaches, if it is one of the table. */
    public static Optional<String> route(String method, String path) {
        String trimmed = trim(path);
        for (Template t : TEMPLATES) {
            if (t.method().equals(method) && t.pattern().matcher(trimmed).matches()) {
                return Optional.of(t.path());
            }
        }
        return Optional.empty();
    }

    /** The methods the table has at {@code path}, in table order; empty when the path is not one of it. */
    public static Set<String> methodsAt(String path) {
        String trimmed = trim(path);
        Set<String> methods = new LinkedHashSet<>();
        for (Template t : TEMPLATES) {
            if (t.pattern().matcher(trimmed).matches()) {
                methods.add(t.method());
            }
        }
        return methods;
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private record Template(String method, String path, Pattern pattern) {}

    private static Param[] withBucket() {
        Param[] params = java.util.Arrays.copyOf(AUDIT_FILTERS, AUDIT_FILTERS.length + 1);
        params[AUDIT_FILTERS.length] = Param.integer("bucket");
        return params;
    }

    private static Param[] withFormat() {
        Param[] params = java.util.Arrays.copyOf(AUDIT_FILTERS, AUDIT_FILTERS.length + 1);
        params[AUDIT_FILTERS.length] = Param.text("format", 10);
        return params;
    }
}
