package dev.bulwark.desktop.ui;

import dev.bulwark.model.token.ApiToken;
import java.time.Instant;
import java.util.stream.Collectors;

/** How API tokens read on screen. */
public final class ApiTokens {
    private ApiTokens() {}

    /** What the token may use: "All modules", or the modules, and "read-only" when capped. */
    public static String narrowing(ApiToken token) {
        String modules = token.allModules()
                ? "All modules"
                : token.modules().stream().map(Permissions::module).collect(Collectors.joining(", "));
        return token.readOnly() ? modules + ", read-only" : modules;
    }

    /** When it expires, or that it has. */
    public static String expiry(ApiToken token, Instant now) {
        return token.isExpiredAt(now)
                ? "Expired " + Formats.shortDateTime(token.expiresAt())
                : Formats.shortDateTime(token.expiresAt());
    }

    /** When and from where it was last used, or "Never". */
    public static String lastUsed(ApiToken token) {
        if (token.lastUsedAt() == null) {
            return "Never";
        }
        return Formats.shortDateTime(token.lastUsedAt())
                + (token.lastUsedIp() == null ? "" : " from " + token.lastUsedIp());
    }
}
