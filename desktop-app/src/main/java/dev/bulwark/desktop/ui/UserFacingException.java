package dev.bulwark.desktop.ui;

/** An expected failure whose message is one plain sentence for the person at the keyboard. */
public final class UserFacingException extends RuntimeException {
    public UserFacingException(String sentence, Throwable cause) {
        super(sentence, cause);
    }

    public UserFacingException(String sentence) {
        super(sentence);
    }
}
