package dev.bulwark.server.mail;

/**
 * One message: a plain-text body and an HTML body saying the same.
 *
 * <p>Not a record: a sign-in code travels in the bodies, so {@code toString} shows only the recipient and subject.
 */
public final class Mail {
    private final String to;
    private final String subject;
    private final String text;
    private final String html;

    public Mail(String to, String subject, String text, String html) {
        this.to = to;
        this.subject = subject;
        this.text = text;
        this.html = html;
    }

    public String to() {
        return to;
    }

    public String subject() {
        return subject;
    }

    String text() {
        return text;
    }

    String html() {
        return html;
    }

    @Override
    public String toString() {
        return "Mail[to=" + to + ", subject=" + subject + "]";
    }
}
