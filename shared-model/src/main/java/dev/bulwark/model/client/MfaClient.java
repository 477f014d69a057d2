package dev.bulwark.model.client;

import dev.bulwark.model.mfa.KnownIpList;
import dev.bulwark.model.mfa.MfaCodeRequest;
import dev.bulwark.model.mfa.MfaStatus;
import dev.bulwark.model.mfa.RecoveryCodes;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.TotpEnrolment;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Second factors, known addresses and the sign-in settings: the caller's own, and (for admins) anyone's. */
public final class MfaClient {
    private final Transport transport;

    MfaClient(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/v1/me/mfa}. */
    public MfaStatus status() {
        return transport.sendAuthenticated("GET", "/api/v1/me/mfa", null, MfaStatus.class);
    }

    /** {@code POST /api/v1/me/mfa/totp}: a new authenticator secret, in force once confirmed. */
    public TotpEnrolment startTotp() {
        return transport.sendAuthenticated("POST", "/api/v1/me/mfa/totp", null, TotpEnrolment.class);
    }

    /** {@code POST /api/v1/me/mfa/totp/confirm}: puts the new secret in force; returns the recovery codes. */
    public RecoveryCodes confirmTotp(MfaCodeRequest request) {
        return transport.sendAuthenticated("POST", "/api/v1/me/mfa/totp/confirm", request, RecoveryCodes.class);
    }

    /** {@code POST /api/v1/me/mfa/totp/disable}: removes the authenticator and the recovery codes. */
    public void disableTotp(MfaCodeRequest request) {
        transport.sendAuthenticated("POST", "/api/v1/me/mfa/totp/disable", request, Void.class);
    }

    /** {@code POST /api/v1/me/mfa/recovery-codes}: replaces every recovery code with ten new ones. */
    public RecoveryCodes regenerateRecoveryCodes(MfaCodeRequest request) {
        return transport.sendAuthenticated("POST", "/api/v1/me/mfa/recovery-codes", request, RecoveryCodes.class);
    }

    /** {@code GET /api/v1/me/known-ips}. */
    public KnownIpList myKnownIps() {
        return transport.sendAuthenticated("GET", "/api/v1/me/known-ips", null, KnownIpList.class);
    }

    /** {@code DELETE /api/v1/me/known-ips/{ip}}: the next sign-in from it needs a second factor again. */
    public void removeMyKnownIp(String ip) {
        transport.sendAuthenticated("DELETE", "/api/v1/me/known-ips/" + encode(ip), null, Void.class);
    }

    /** {@code GET /api/v1/users/{id}/known-ips}. */
    public KnownIpList knownIpsOf(UUID userId) {
        return transport.sendAuthenticated("GET", "/api/v1/users/" + userId + "/known-ips", null, KnownIpList.class);
    }

    /** {@code DELETE /api/v1/users/{id}/known-ips/{ip}}. */
    public void removeKnownIp(UUID userId, String ip) {
        transport.sendAuthenticated("DELETE", "/api/v1/users/" + userId + "/known-ips/" + encode(ip), null, Void.class);
    }

    /** {@code POST /api/v1/users/{id}/mfa-reset}: removes the user's authenticator, recovery codes and known IPs. */
    public void resetMfa(UUID userId) {
        transport.sendAuthenticated("POST", "/api/v1/users/" + userId + "/mfa-reset", null, Void.class);
    }

    /** {@code GET /api/v1/settings/sign-in}. */
    public SignInSettings settings() {
        return transport.sendAuthenticated("GET", "/api/v1/settings/sign-in", null, SignInSettings.class);
    }

    /** {@code PUT /api/v1/settings/sign-in}. */
    public SignInSettings updateSettings(UpdateSignInSettingsRequest request) {
        return transport.sendAuthenticated("PUT", "/api/v1/settings/sign-in", request, SignInSettings.class);
    }

    /** {@code POST /api/v1/settings/sign-in/test-mail}: mails a test message to the caller. */
    public void sendTestMail() {
        transport.sendAuthenticated("POST", "/api/v1/settings/sign-in/test-mail", null, Void.class);
    }

    private static String encode(String ip) {
        return URLEncoder.encode(ip, StandardCharsets.UTF_8);
    }
}
