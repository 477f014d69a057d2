package dev.bulwark.model.mfa;

/**
 * The SMTP server codes and alerts are sent through. The password is never sent back, only whether one is set.
 *
 * @param host the server's host name; empty means mail is not configured
 * @param port its port
 * @param security how the connection is protected
 * @param username the login, or empty for none
 * @param passwordSet whether a password is stored
 * @param from the sender address
 */
public record MailServer(
        String host, int port, MailSecurity security, String username, boolean passwordSet, String from) {}
