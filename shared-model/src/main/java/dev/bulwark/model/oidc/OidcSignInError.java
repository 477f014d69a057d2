package dev.bulwark.model.oidc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a browser sign-in was refused, as the {@code error} parameter of the redirect to the desktop's loopback
 * address. The codes are part of the public contract.
 */
public enum OidcSignInError {
    UNKNOWN_USER("unknown_user", "No Bulwark user has the email this account signed in with. Ask an administrator."),
    USER_DISABLED("user_disabled", "This Bulwark account is disabled. Ask an administrator."),
    EMAIL_NOT_VERIFIED("email_not_verified", "The provider has not verified this account's email address."),
    DOMAIN_NOT_ALLOWED("domain_not_allowed", "Accounts of this email domain may not sign in with this provider."),
    CANCELLED("cancelled", "The sign-in was cancelled at the provider."),
    PROVIDER_ERROR("provider_error", "The provider's answer could not be verified. Ask an administrator."),
    INVALID_REQUEST("invalid_request", "The sign-in request was refused by the server."),
    EXPIRED("expired", "The sign-in took too long. Try again."),
    IDENTITY_MISMATCH(
            "identity_mismatch",
            "This Bulwark account is linked to another account at this provider. Sign in with that account, or ask"
                    + " an administrator to unlink it.");

    private final String code;
    private final String message;

    OidcSignInError(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The stable code, for example {@code unknown_user}. */
    public String code() {
        return code;
    }

    /** A sentence a person can act on. */
    public String message() {
        return message;
    }

    /** The error with {@code code}, if there is one. */
    public static Optional<OidcSignInError> fromCode(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }
}
