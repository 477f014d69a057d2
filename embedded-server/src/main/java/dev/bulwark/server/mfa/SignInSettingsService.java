package dev.bulwark.server.mfa;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.mfa.MailServer;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.audit.AuditDiff;
import dev.bulwark.server.audit.AuditRecord;
import dev.bulwark.server.audit.AuditTrail;
import dev.bulwark.server.auth.Caller;
import dev.bulwark.server.db.Transactions;
import dev.bulwark.server.http.Validator;
import dev.bulwark.server.mail.Mail;
import dev.bulwark.server.mail.Mailer;
import dev.bulwark.server.mail.SmtpServer;
import dev.bulwark.server.permission.Authorizer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The MFA policy and the SMTP server, as set in the server's settings and as changed by administrators at run
 * time (a saved value replaces the settings file's until changed again).
 *
 * <p>Security guarantee: the SMTP password is stored encrypted with the server's key set (associated data binds
 * it to its purpose) and never leaves the server: answers and audit diffs say only whether one is set.
 */
public final class SignInSettingsService {
    private static final java.util.Set<String> AUDIT_CLEAR_FIELDS = java.util.Set.of(
            "mfaEnabled", "mailHost", "mailPort", "mailSecurity", "mailUsername", "mailPasswordSet", "mailFrom");
    private static final byte[] PASSWORD_PURPOSE = "sign-in-setting|mail-password".getBytes(StandardCharsets.UTF_8);

    private final Transactions tx;
    private final JdbcMfaRepository repository;
    private final Aead aead;
    private final ServerSettings.MfaSettings defaultsMfa;
    private final ServerSettings.MailSettings defaultsMail;
    private final Authorizer authorizer;
    private final AuditTrail audit;
    private final Mailer mailer;
    private final Clock clock;

    SignInSettingsService(
            Transactions tx,
            JdbcMfaRepository repository,
            Aead aead,
            ServerSettings settings,
            Authorizer authorizer,
            AuditTrail audit,
            Mailer mailer,
            Clock clock) {
        this.tx = tx;
        this.repository = repository;
        this.aead = aead;
        this.defaultsMfa = settings.mfa();
        this.defaultsMail = settings.mail();
        this.authorizer = authorizer;
        this.audit = audit;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** The settings in force. */
    record Effective(boolean mfaEnabled, SmtpServer smtp, boolean changedInConsole) {}

    Effective effective() {
        return effective(tx.read(repository::settings));
    }

    Effective effective(java.sql.Connection c) throws java.sql.SQLException {
        return effective(repository.settings(c));
    }

    private Effective effective(Optional<JdbcMfaRepository.StoredSettings> saved) {
        if (saved.isEmpty()) {
            return new Effective(
                    defaultsMfa.enabled(),
                    new SmtpServer(
                            defaultsMail.host(),
                            defaultsMail.port(),
                            MailSecurity.valueOf(defaultsMail.security().toUpperCase(Locale.ROOT)),
                            defaultsMail.username(),
                            defaultsMail.password(),
                            defaultsMail.from()),
                    false);
        }
        JdbcMfaRepository.StoredSettings s = saved.get();
        return new Effective(
                s.mfaEnabled(),
                new SmtpServer(
                        s.host(),
                        s.port(),
                        MailSecurity.valueOf(s.security()),
                        s.username(),
                        s.passwordSealed() == null ? Secret.of("") : open(s.passwordSealed()),
                        s.from()),
                true);
    }

    /** {@code GET /api/v1/settings/sign-in}: needs SETTINGS READ. */
    public SignInSettings get(Caller caller) {
        authorizer.require(caller, Module.SETTINGS, AccessLevel.READ);
        return view(effective());
    }

    /** Refuses anyone who may not change the sign-in settings, before their request is even read. */
    public void requireMayChange(Caller caller) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "change the sign-in settings");
    }

    /** {@code PUT /api/v1/settings/sign-in}: administrators only; audited with the password masked. */
    public SignInSettings update(Caller caller, UpdateSignInSettingsRequest request) {
        requireMayChange(caller);
        String host = request.mailHost() == null ? "" : request.mailHost().strip();
        String username =
                request.mailUsername() == null ? "" : request.mailUsername().strip();
        String from = request.mailFrom() == null ? "" : request.mailFrom().strip();
        Validator input = new Validator();
        if (host.length() > 253 || host.contains(" ") || host.contains("/")) {
            input.error("mailHost", "Enter a host name such as smtp.example.com.");
        }
        if (request.mailPort() < 1 || request.mailPort() > 65535) {
            input.error("mailPort", "Enter a port between 1 and 65535.");
        }
        if (request.mailSecurity() == null) {
            input.error("mailSecurity", "Choose NONE, STARTTLS or TLS.");
        }
        if (username.length() > 254) {
            input.error("mailUsername", "The user name is too long.");
        }
        if (!host.isEmpty()) {
            input.email("mailFrom", from);
        } else if (!from.isEmpty()) {
            input.text("mailFrom", from, 3, 254);
        }
        if (request.mailPassword() != null && request.mailPassword().length() > 512) {
            input.error("mailPassword", "The password is too long.");
        }
        input.throwIfInvalid();
        Effective before = effective();
        boolean passwordSetBefore = !before.smtp().password().isEmpty();
        String sealed;
        boolean passwordSetAfter;
        if (request.mailPassword() == null) {
            sealed = passwordSetBefore ? seal(before.smtp().password()) : null;
            passwordSetAfter = passwordSetBefore;
        } else if (request.mailPassword().isEmpty()) {
            sealed = null;
            passwordSetAfter = false;
        } else {
            sealed = seal(request.mailPassword());
            passwordSetAfter = true;
        }
        var stored = new JdbcMfaRepository.StoredSettings(
                request.mfaEnabled(),
                host,
                request.mailPort(),
                request.mailSecurity().name(),
                username,
                sealed,
                from);
        AuditDiff diff = AuditDiff.forEntity(AUDIT_CLEAR_FIELDS)
                .change("mfaEnabled", before.mfaEnabled(), request.mfaEnabled())
                .change("mailHost", before.smtp().host(), host)
                .change("mailPort", before.smtp().port(), request.mailPort())
                .change("mailSecurity", before.smtp().security(), request.mailSecurity())
                .change("mailUsername", before.smtp().username(), username)
                .change("mailPasswordSet", passwordSetBefore, passwordSetAfter)
                .change("mailFrom", before.smtp().from(), from);
        if (request.mailPassword() != null) {
            diff.secretChanged("mailPassword");
        }
        tx.write(c -> {
            repository.saveSettings(c, stored, clock.instant());
            return audit.record(
                    c,
                    AuditRecord.change(
                            AuditAction.SETTINGS_SIGN_IN_UPDATE,
                            caller.user(),
                            caller.client(),
                            "settings",
                            "sign-in",
                            diff));
        });
        return view(effective());
    }

    /** {@code POST /api/v1/settings/sign-in/test-mail}: administrators only; mails the caller. */
    public void sendTestMail(Caller caller) {
        authorizer.requireAdmin(caller, Module.SETTINGS, "send a test mail");
        String to = caller.user().email();
        mailer.send(
                effective().smtp(),
                new Mail(
                        to,
                        "Bulwark test mail",
                        "This is a test message from your Bulwark server. Mail for sign-in codes and alerts works.\n",
                        "<p>This is a test message from your Bulwark server."
                                + " Mail for sign-in codes and alerts works.</p>"));
        audit.recordAlone(AuditRecord.of(AuditAction.SETTINGS_MAIL_TEST, AuditOutcome.SUCCESS)
                .actor(caller.user())
                .from(caller.client())
                .target("settings", "sign-in", to));
    }

    private static SignInSettings view(Effective e) {
        SmtpServer smtp = e.smtp();
        return new SignInSettings(
                e.mfaEnabled(),
                new MailServer(
                        smtp.host(),
                        smtp.port(),
                        smtp.security(),
                        smtp.username(),
                        !smtp.password().isEmpty(),
                        smtp.from()),
                e.changedInConsole());
    }

    private String seal(Secret password) {
        try {
            return Base64.getEncoder()
                    .encodeToString(aead.encrypt(password.reveal().getBytes(StandardCharsets.UTF_8), PASSWORD_PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The mail password could not be encrypted", e);
        }
    }

    private Secret open(String sealed) {
        try {
            return Secret.of(new String(
                    aead.decrypt(Base64.getDecoder().decode(sealed), PASSWORD_PURPOSE), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored mail password could not be decrypted", e);
        }
    }
}
