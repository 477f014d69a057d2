package dev.bulwark.model.mfa;

/** How the connection to the mail server is protected. */
public enum MailSecurity {
    /** Plain SMTP; only for a relay on the same host or in tests. */
    NONE,
    /** SMTP upgraded with STARTTLS (usually port 587); required, never optional. */
    STARTTLS,
    /** SMTP over TLS from the start (usually port 465). */
    TLS
}
