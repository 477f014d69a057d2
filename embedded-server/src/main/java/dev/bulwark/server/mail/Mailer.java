package dev.bulwark.server.mail;

import dev.bulwark.model.mfa.MailSecurity;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Sends mail over SMTP with Angus Mail (Jakarta Mail).
 *
 * <p>STARTTLS, when chosen, is required (a server that does not offer it fails the send rather than falling back to
 * plain text); TLS certificates are checked against the host name. Failures are reported as {@code
 * mail-unavailable} with a sentence naming the server, never the message or the password.
 */
public final class Mailer {
    private static final System.Logger LOG = System.getLogger(Mailer.class.getName());
    private static final String TIMEOUT_MS = "10000";

    private final Clock clock;

    public Mailer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Sends {@code mail} through {@code server}.
     *
     * @throws ApiException {@code mail-unavailable} when mail is not configured or the server refused the message
     */
    public void send(SmtpServer server, Mail mail) {
        if (!server.configured()) {
            throw ApiException.of(ProblemType.MAIL_UNAVAILABLE, "No mail server is configured.");
        }
        Session session = Session.getInstance(properties(server));
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(server.from()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to()));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.saveChanges();
            try (Transport transport = session.getTransport(protocol(server))) {
                if (server.username().isBlank()) {
                    transport.connect();
                } else {
                    transport.connect(
                            server.host(),
                            server.port(),
                            server.username(),
                            server.password().reveal());
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Mail to {0} through {1}:{2} failed: {3}",
                    mail.to(),
                    server.host(),
                    server.port(),
                    e.getClass().getSimpleName());
            throw ApiException.of(
                    ProblemType.MAIL_UNAVAILABLE,
                    "The mail server " + server.host() + ":" + server.port() + " did not accept the message.");
        }
    }

    private static Properties properties(SmtpServer server) {
        Properties p = new Properties();
        String protocol = protocol(server);
        p.put("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", server.host());
        p.put(prefix + "port", Integer.toString(server.port()));
        p.put(prefix + "connectiontimeout", TIMEOUT_MS);
        p.put(prefix + "timeout", TIMEOUT_MS);
        p.put(prefix + "writetimeout", TIMEOUT_MS);
        p.put(prefix + "auth", Boolean.toString(!server.username().isBlank()));
        switch (server.security()) {
            case STARTTLS -> {
                p.put(prefix + "starttls.enable", "true");
                p.put(prefix + "starttls.required", "true");
                p.put(prefix + "ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put(prefix + "ssl.enable", "true");
                p.put(prefix + "ssl.checkserveridentity", "true");
            }
            case NONE -> {}
        }
        return p;
    }

    private static String protocol(SmtpServer server) {
        return server.security() == MailSecurity.TLS ? "smtps" : "smtp";
    }
}
