package dev.bulwark.model.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed set of things the audit trail records. The code (for example {@code auth.login.failure}) is stored
 * in every record and is part of the public contract: it never changes once released.
 */
public enum AuditAction {
    USER_CREATE("user.create", Category.USERS),
    USER_PASSWORD_CHANGE("user.password.change", Category.USERS),
    AUTH_LOGIN_SUCCESS("auth.login.success", Category.AUTHENTICATION),
    AUTH_LOGIN_FAILURE("auth.login.failure", Category.AUTHENTICATION),
    AUTH_LOGOUT("auth.logout", Category.AUTHENTICATION),
    AUTH_REFRESH_REUSE("auth.refresh.reuse", Category.AUTHENTICATION),
    PERMISSION_DENIED("permission.denied", Category.ACCESS),
    AUDIT_VERIFY("audit.verify", Category.AUDIT);

    /** The group an action belongs to, for quick views and filters. */
    public enum Category {
        USERS,
        AUTHENTICATION,
        ACCESS,
        AUDIT
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
