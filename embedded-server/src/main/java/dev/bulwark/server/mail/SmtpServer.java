package dev.bulwark.server.mail;

import dev.bulwark.model.Secret;
import dev.bulwark.model.mfa.MailSecurity;

/**
 * Where mail goes out. The password is a {@link Secret}; nothing here prints it.
 *
 * @param host the host name; empty means mail is not configured
 * @param port the port
 * @param security how the connection is protected
 * @param username the login, or empty
 * @param password the password, or empty
 * @param from the sender address
 */
public record SmtpServer(String host, int port, MailSecurity security, String username, Secret password, String from) {

    /** Whether mail can be sent at all. */
    public boolean configured() {
        return host != null && !host.isBlank();
    }
}
