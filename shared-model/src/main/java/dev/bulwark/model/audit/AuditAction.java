package dev.bulwark.model.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of things the audit trail records. The code (for example {@code auth.login.failure}) is stored
 * in every record and is part of the public contract: it never changes once released.
 */
public enum AuditAction {
    USER_CREATE("user.create", Category.USERS),
    USER_UPDATE("user.update", Category.USERS),
    USER_DISABLE("user.disable", Category.USERS),
    USER_ENABLE("user.enable", Category.USERS),
    USER_DELETE("user.delete", Category.USERS),
    USER_PASSWORD_CHANGE("user.password.change", Category.USERS),
    USER_PASSWORD_RESET("user.password.reset", Category.USERS),
    USER_GRANTS_UPDATE("user.grants.update", Category.ACCESS),
    USER_UNLOCK("user.unlock", Category.USERS),
    GROUP_CREATE("group.create", Category.GROUPS),
    GROUP_UPDATE("group.update", Category.GROUPS),
    GROUP_DELETE("group.delete", Category.GROUPS),
    GROUP_MEMBER_ADD("group.member.add", Category.GROUPS),
    GROUP_MEMBER_REMOVE("group.member.remove", Category.GROUPS),
    GROUP_GRANTS_UPDATE("group.grants.update", Category.ACCESS),
    SESSION_END("session.end", Category.AUTHENTICATION),
    SESSION_END_ALL("session.end.all", Category.AUTHENTICATION),
    /**
     * The next access-token signing key is added (target: its key id): published at once, signing from the time
     * the reason gives.
     */
    SIGNING_KEY_ROTATE("signing-key.rotate", Category.AUTHENTICATION),
    TOKEN_CREATE("token.create", Category.AUTHENTICATION),
    TOKEN_REVOKE("token.revoke", Category.AUTHENTICATION),
    TOKEN_REVOKE_ALL("token.revoke.all", Category.AUTHENTICATION),
    AUTH_LOGIN_SUCCESS("auth.login.success", Category.AUTHENTICATION),
    AUTH_LOGIN_FAILURE("auth.login.failure", Category.AUTHENTICATION),
    AUTH_LOGOUT("auth.logout", Category.AUTHENTICATION),
    AUTH_REFRESH_REUSE("auth.refresh.reuse", Category.AUTHENTICATION),
    AUTH_LOCKOUT("auth.lockout", Category.AUTHENTICATION),
    AUTH_MFA_CHALLENGE("auth.mfa.challenge", Category.AUTHENTICATION),
    AUTH_MFA_CODE_SENT("auth.mfa.code.sent", Category.AUTHENTICATION),
    AUTH_MFA_SUCCESS("auth.mfa.success", Category.AUTHENTICATION),
    AUTH_MFA_FAILURE("auth.mfa.failure", Category.AUTHENTICATION),
    AUTH_MFA_SKIPPED("auth.mfa.skipped", Category.AUTHENTICATION),
    AUTH_NEW_IP("auth.new-ip", Category.AUTHENTICATION),
    KNOWN_IP_REMOVE("known-ip.remove", Category.AUTHENTICATION),
    MFA_TOTP_ENROL("mfa.totp.enrol", Category.AUTHENTICATION),
    MFA_TOTP_DISABLE("mfa.totp.disable", Category.AUTHENTICATION),
    MFA_RECOVERY_REGENERATE("mfa.recovery.regenerate", Category.AUTHENTICATION),
    USER_MFA_RESET("user.mfa.reset", Category.USERS),
    SETTINGS_SIGN_IN_UPDATE("settings.sign-in.update", Category.ACCESS),
    SETTINGS_MAIL_TEST("settings.mail.test", Category.ACCESS),
    RATE_LIMIT("rate.limit", Category.ACCESS),
    PERMISSION_DENIED("permission.denied", Category.ACCESS),
    AUDIT_VERIFY("audit.verify", Category.AUDIT),
    AUDIT_EXPORT("audit.export", Category.AUDIT),
    /** A checkpoint key enters the chain: its id (target) and RFC 7638 thumbprint (diff), see decision 0028. */
    AUDIT_CHECKPOINT_KEY_CREATE("audit.checkpoint-key.create", Category.AUDIT),
    /** The number of records between checkpoints changed (diff {@code checkpointInterval}). */
    AUDIT_CHECKPOINT_INTERVAL_CHANGE("audit.checkpoint-interval.change", Category.AUDIT),
    VAULT_ENTRY_CREATE("vault.entry.create", Category.VAULT),
    VAULT_ENTRY_UPDATE("vault.entry.update", Category.VAULT),
    VAULT_ENTRY_DELETE("vault.entry.delete", Category.VAULT),
    VAULT_ENTRY_RESTORE("vault.entry.restore", Category.VAULT),
    VAULT_ENTRY_DESTROY("vault.entry.destroy", Category.VAULT),
    VAULT_ENTRY_PURGE("vault.entry.purge", Category.VAULT),
    VAULT_ENTRY_REVEAL("vault.entry.reveal", Category.VAULT),
    VAULT_ENTRY_COPY("vault.entry.copy", Category.VAULT),
    VAULT_VERSION_RESTORE("vault.entry.version.restore", Category.VAULT),
    VAULT_EXPIRY_REMINDER("vault.entry.expiry.reminder", Category.VAULT),
    VAULT_KEY_ROTATE("vault.key.rotate", Category.VAULT),
    VAULT_KEY_ROTATION_COMPLETE("vault.key.rotation.complete", Category.VAULT),
    VAULT_MASTER_KEY_ROTATE("vault.master-key.rotate", Category.VAULT),
    OIDC_PROVIDER_CREATE("settings.oidc-provider.create", Category.ACCESS),
    OIDC_PROVIDER_UPDATE("settings.oidc-provider.update", Category.ACCESS),
    OIDC_PROVIDER_DELETE("settings.oidc-provider.delete", Category.ACCESS),
    USER_IDENTITY_LINK("user.identity.link", Category.USERS),
    USER_IDENTITY_UNLINK("user.identity.unlink", Category.USERS),
    BACKUP_CREATE("backup.create", Category.AUDIT),
    BACKUP_RESTORE("backup.restore", Category.AUDIT),
    BACKUP_RESTORE_TEST("backup.restore-test", Category.AUDIT),
    BACKUP_FAILURE("backup.failure", Category.AUDIT),
    FORWARD_DESTINATION_CREATE("settings.forwarding.create", Category.AUDIT),
    FORWARD_DESTINATION_UPDATE("settings.forwarding.update", Category.AUDIT),
    FORWARD_DESTINATION_DELETE("settings.forwarding.delete", Category.AUDIT),
    FORWARD_DESTINATION_TEST("settings.forwarding.test", Category.AUDIT),
    DATABASE_MIGRATE("database.migrate", Category.AUDIT);

    /** The group an action belongs to, for quick views and filters. */
    public enum Category {
        USERS,
        GROUPS,
        AUTHENTICATION,
        ACCESS,
        AUDIT,
        VAULT
    }

    private final String code;
    private final Category category;

    AuditAction(String code, Category category) {
        this.code = code;
        this.category = category;
    }

    /** The stable code, for example {@code user.create}. */
    public String code() {
        return code;
    }

    public Category category() {
        return category;
    }

    /** The action with {@code code}, if there is one. */
    public static Optional<AuditAction> fromCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
    }
}
