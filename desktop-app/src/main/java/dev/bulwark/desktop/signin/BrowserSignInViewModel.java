package dev.bulwark.desktop.signin;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Clipboard;
import dev.bulwark.desktop.ui.Problems;
import dev.bulwark.desktop.ui.SystemBrowser;
import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginOutcome;
import dev.bulwark.model.auth.MfaChallenge;
import dev.bulwark.model.oidc.OidcProviderInfo;
import dev.bulwark.model.oidc.OidcSignInError;
import dev.bulwark.model.oidc.OidcTokenRequest;
import dev.bulwark.model.oidc.Pkce;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.User;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * Sign-in through the system browser (RFC 8252), the part of the sign-in screen below the password form: one
 * button per provider the server offers; a click opens a loopback listener, makes a PKCE verifier and a state,
 * opens the system browser at the server's start address and waits, with Cancel, for at most {@link #TIMEOUT}.
 * The one-time code the browser brings back is exchanged, with the verifier, for a session, or, when the server
 * asks an administrator for a second factor, handed on to the sign-in screen's second-factor step.
 */
public final class BrowserSignInViewModel implements AutoCloseable {
    /** How long the console waits for the browser. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    static final String TIMED_OUT = "No answer came from the browser within 2 minutes. Try again.";
    static final String CANCELLED = "The browser sign-in was cancelled.";
    static final String SECOND_FACTOR_ELSEWHERE =
            "This account needs a second factor, which this screen cannot ask for. Sign in with your password.";

    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final SystemBrowser browser;
    private final Clipboard clipboard;
    private final Consumer<User> onSignedIn;
    private final Consumer<MfaChallenge> onSecondFactor;
    private final Clock clock;
    private final ObservableList<OidcProviderInfo> providers = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper waiting = new ReadOnlyBooleanWrapper(this, "waiting", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper waitingFor = new ReadOnlyStringWrapper(this, "waitingFor", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper startAddress = new ReadOnlyStringWrapper(this, "startAddress", "");
    private final ReadOnlyBooleanWrapper linkCopied = new ReadOnlyBooleanWrapper(this, "linkCopied", false);
    private LoopbackListener listener;
    private Subscription timer = Subscription.EMPTY;
    private Instant deadline = Instant.MAX;
    private long attempt;
    private String currentVerifier;
    private URI currentRedirect;

    /** A browser sign-in that cannot go on to a second factor (it says so when one is asked for). */
    public BrowserSignInViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            SystemBrowser browser,
            Clipboard clipboard,
            Consumer<User> onSignedIn,
            Clock clock) {
        this(runner, connection, browser, clipboard, onSignedIn, null, clock);
    }

    /**
     * @param onSecondFactor where the sign-in goes on when the server asks an administrator for a second factor
     *     (the sign-in screen's second-factor step)
     */
    public BrowserSignInViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            SystemBrowser browser,
            Clipboard clipboard,
            Consumer<User> onSignedIn,
            Consumer<MfaChallenge> onSecondFactor,
            Clock clock) {
        this.runner = runner;
        this.connection = connection;
        this.browser = browser;
        this.clipboard = clipboard;
        this.onSignedIn = onSignedIn;
        this.onSecondFactor = onSecondFactor;
        this.clock = clock;
    }

    /** Reads the providers the server offers; a server without any (or too old to know them) shows no buttons. */
    public void load() {
        runner.run(
                () -> connection.client().oidc().providers().providers(),
                providers::setAll,
                failure -> providers.setAll(List.of()));
    }

    /** Starts a sign-in with {@code provider} in the system browser. */
    public void signIn(OidcProviderInfo provider) {
        if (waiting.get() || busy.get()) {
            return;
        }
        problem.set("");
        String verifier = Pkce.randomToken();
        String state = Pkce.randomToken();
        long current = ++attempt;
        LoopbackListener opened;
        try {
            opened = LoopbackListener.open(state, answer -> runner.onUiThread(() -> answered(current, answer)));
        } catch (RuntimeException e) {
            problem.set("The console could not listen on 127.0.0.1 for the browser's answer.");
            return;
        }
        listener = opened;
        URI redirect = opened.redirectUri();
        currentVerifier = verifier;
        currentRedirect = redirect;
        URI start = connection.client().oidc().startUri(provider.id(), redirect, state, Pkce.challengeOf(verifier));
        waitingFor.set(provider.displayName());
        startAddress.set(start.toString());
        linkCopied.set(false);
        waiting.set(true);
        deadline = clock.instant().plus(TIMEOUT);
        timer = runner.every(Duration.ofSeconds(1), this::tick);
        try {
            browser.open(start);
        } catch (RuntimeException e) {
            stop();
            problem.set("The system browser could not be opened. Open " + start + " in a browser on this computer.");
            return;
        }
    }

    private void answered(long which, Map<String, String> answer) {
        if (which != attempt || !waiting.get()) {
            return;
        }
        String verifier = currentVerifier;
        URI redirect = currentRedirect;
        stop();
        String error = answer.get("error");
        if (error != null) {
            problem.set(OidcSignInError.fromCode(error)
                    .map(OidcSignInError::message)
                    .orElse("The sign-in was refused (" + error + ")."));
            return;
        }
        Secret code = Secret.of(answer.getOrDefault("code", ""));
        busy.set(true);
        runner.run(
                () -> connection
                        .client()
                        .oidc()
                        .exchange(new OidcTokenRequest(code, Secret.of(verifier), redirect.toString())),
                outcome -> {
                    busy.set(false);
                    switch (outcome) {
                        case LoginOutcome.SignedIn signedIn ->
                            onSignedIn.accept(signedIn.tokens().user());
                        case LoginOutcome.MfaRequired mfa -> {
                            if (onSecondFactor == null) {
                                problem.set(SECOND_FACTOR_ELSEWHERE);
                            } else {
                                onSecondFactor.accept(mfa.challenge());
                            }
                        }
                    }
                },
                failure -> {
                    busy.set(false);
                    // The generic sentence for this type speaks of a password; the server's detail fits.
                    problem.set(
                            failure instanceof ApiException api && api.type() == ProblemType.INVALID_CREDENTIALS
                                    ? api.detail()
                                    : Problems.describe(failure));
                });
    }

    /**
     * Puts the address the browser was sent to on the clipboard, for when no browser opened (none installed, or the
     * desktop offers no way to open one): pasted into any browser on this computer, it finishes the same sign-in.
     */
    public void copyLink() {
        if (waiting.get()) {
            clipboard.put(startAddress.get());
            linkCopied.set(true);
        }
    }

    /** Gives up waiting once {@link #TIMEOUT} has passed; called every second while waiting. */
    void tick() {
        if (waiting.get() && !clock.instant().isBefore(deadline)) {
            stop();
            problem.set(TIMED_OUT);
        }
    }

    /** Stops waiting for the browser. */
    public void cancel() {
        if (waiting.get()) {
            stop();
            problem.set(CANCELLED);
        }
    }

    private void stop() {
        waiting.set(false);
        waitingFor.set("");
        startAddress.set("");
        linkCopied.set(false);
        timer.unsubscribe();
        timer = Subscription.EMPTY;
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** The providers to offer, one button each. */
    public ObservableList<OidcProviderInfo> providers() {
        return providers;
    }

    /** Whether the console waits for the browser. */
    public ReadOnlyBooleanProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** The name of the provider being waited for. */
    public ReadOnlyStringProperty waitingForProperty() {
        return waitingFor.getReadOnlyProperty();
    }

    /** Whether the sign-in link was copied during this wait. */
    public ReadOnlyBooleanProperty linkCopiedProperty() {
        return linkCopied.getReadOnlyProperty();
    }

    /** Whether the code is being exchanged for a session. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The sentence about the last refusal, timeout or failure, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Stops listening when the screen is left. */
    @Override
    public void close() {
        stop();
    }
}
