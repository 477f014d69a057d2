package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditAction;
import java.util.Arrays;

/** Ready-made filters for what reviewers look for most; each one is a choice of actions. */
public enum QuickView {
    FAILED_SIGN_INS("Failed sign-ins", ActionChoice.of(AuditAction.AUTH_LOGIN_FAILURE)),
    NEW_ADDRESSES("New addresses", ActionChoice.of(AuditAction.AUTH_NEW_IP)),
    SECRET_REVEALS(
            "Secret reveals",
            ActionChoice.of("Secret reveals and copies", AuditAction.VAULT_ENTRY_REVEAL, AuditAction.VAULT_ENTRY_COPY)),
    PERMISSION_DENIALS("Permission denials", ActionChoice.of(AuditAction.PERMISSION_DENIED)),
    ADMIN_CHANGES("Admin changes", adminChanges()),
    SIGN_OUTS(
            "Sign-outs",
            ActionChoice.of(
                    "Sign-outs and ended sessions",
                    AuditAction.AUTH_LOGOUT,
                    AuditAction.SESSION_END,
                    AuditAction.SESSION_END_ALL,
                    AuditAction.AUTH_REFRESH_REUSE));

    private final String label;
    private final ActionChoice action;

    QuickView(String label, ActionChoice action) {
        this.label = label;
        this.action = action;
    }

    /** Changes to users, groups and grants: every {@code user.*} and {@code group.*} action. */
    private static ActionChoice adminChanges() {
        return ActionChoice.of(
                "Admin changes (users, groups, grants)",
                Arrays.stream(AuditAction.values())
                        .filter(a -> a.code().startsWith("user.") || a.code().startsWith("group."))
                        .toArray(AuditAction[]::new));
    }

    public String label() {
        return label;
    }

    public ActionChoice action() {
        return action;
    }
}
