package dev.bulwark.server.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Json;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.mfa.SignInSettings;
import dev.bulwark.model.mfa.UpdateSignInSettingsRequest;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.IdentityFixtures;
import org.junit.jupiter.api.Test;

/** The MFA policy and SMTP server as administrators change them at run time. */
class SignInSettingsIT extends MfaFixture {
    private static final String SMTP_PASSWORD = "smtp-password-4f7a";

    @Test
    void theSettingsFileValues_areShown_withMfaOnByDefault() {
        SignInSettings settings = admin.mfa().settings();

        assertThat(settings.mfaEnabled()).isTrue();
        assertThat(settings.mail().host()).isEqualTo("127.0.0.1");
        assertThat(settings.mail().security()).isEqualTo(MailSecurity.NONE);
        assertThat(settings.mail().passwordSet()).isFalse();
        assertThat(settings.changedInConsole()).isFalse();
    }

    @Test
    void aSavedPassword_isNeverReturned_norAudited_andNullKeepsIt() throws Exception {
        SignInSettings saved = admin.mfa()
                .updateSettings(new UpdateSignInSettingsRequest(
                        true,
                        "smtp.example.com",
                        587,
                        MailSecurity.STARTTLS,
                        "mailer",
                        Secret.of(SMTP_PASSWORD),
                        "bulwark@example.com"));
        SignInSettings kept = admin.mfa()
                .updateSettings(new UpdateSignInSettingsRequest(
                        true, "smtp.example.com", 2525, MailSecurity.STARTTLS, "mailer", null, "bulwark@example.com"));

        assertThat(saved.mail().passwordSet()).isTrue();
        assertThat(saved.changedInConsole()).isTrue();
        assertThat(kept.mail().passwordSet()).isTrue();
        assertThat(kept.mail().port()).isEqualTo(2525);
        assertThat(Json.lenient().writeValueAsString(admin.mfa().settings())).doesNotContain(SMTP_PASSWORD);
        var updates = audited(AuditAction.SETTINGS_SIGN_IN_UPDATE); // newest first
        assertThat(updates).hasSize(2);
        assertThat(Json.lenient().writeValueAsString(updates)).doesNotContain(SMTP_PASSWORD);
        assertThat(updates.getFirst().diff().get("mailPort")).isEqualTo(new AuditChange("587", "2525"));
        assertThat(updates.getLast().diff().get("mailPassword").after()).isEqualTo(AuditChange.MASKED);
    }

    @Test
    void onlyAdministrators_changeTheSettings_andBadValuesAreNamed() {
        IdentityFixtures.createUser(admin, "june@example.com", "June", Role.EDITOR);
        var june = signInWithEmailCode("june@example.com", IdentityFixtures.PASSWORD, "127.0.0.1");

        ApiException notAdmin = failure(() -> june.mfa()
                .updateSettings(new UpdateSignInSettingsRequest(false, "", 25, MailSecurity.NONE, "", null, "")));
        ApiException bad = failure(() -> admin.mfa()
                .updateSettings(new UpdateSignInSettingsRequest(
                        true, "smtp.example.com", 0, MailSecurity.TLS, "", null, "not-an-address")));

        assertThat(notAdmin.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(bad.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(bad.fieldErrors()).extracting("field").contains("mailPort", "mailFrom");
    }

    @Test
    void aTestMail_reachesTheAdministrator() {
        admin.mfa().sendTestMail();

        assertThat(mailsTo("admin@example.com"))
                .anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("Bulwark test mail"));
        assertThat(audited(AuditAction.SETTINGS_MAIL_TEST)).hasSize(1);
    }
}
