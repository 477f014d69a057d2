package dev.bulwark.desktop.signin;

/**
 * What the sign-in screen opens with.
 *
 * @param email the email to fill in, or empty
 * @param notice a sentence to show above the form, such as "You have signed out.", or empty
 */
public record SignInPrompt(String email, String notice) {

    public SignInPrompt {
        email = email == null ? "" : email;
        notice = notice == null ? "" : notice;
    }

    /** An empty form without a notice. */
    public static SignInPrompt blank() {
        return new SignInPrompt("", "");
    }
}
