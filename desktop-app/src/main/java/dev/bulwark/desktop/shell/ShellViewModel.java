package dev.bulwark.desktop.shell;

import dev.bulwark.desktop.ConsoleVersion;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.signin.SignInPrompt;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.EffectivePermissions;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.User;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Subscription;

/**
 * The console's frame around the pages: who is signed in where, the navigation, the theme, and sign-out. When
 * the session ends for any other reason than signing out, it goes back to sign-in and says so.
 */
public final class ShellViewModel implements AutoCloseable {
    static final String SESSION_ENDED = "Your session has ended. Sign in again.";
    static final String SIGNED_OUT = "You have signed out.";

    private final ServerConnection connection;
    private final User user;
    private final ObjectProperty<Appearance> appearance;
    private final Consumer<SignInPrompt> toSignIn;
    private final BackgroundRunner runner;
    private final Activity activity;
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page", Page.DASHBOARD);
    private final ReadOnlyObjectWrapper<EffectivePermissions> permissions =
            new ReadOnlyObjectWrapper<>(this, "permissions", new EffectivePermissions(null, null, List.of()));
    private final StringProperty warning = new SimpleStringProperty(this, "warning", "");
    private final Subscription sessionSubscription;
    private boolean signingOut;
    private boolean closed;

    /**
     * @param appearance the application's theme, shared by every screen
     * @param toSignIn where to go when the session ends
     */
    public ShellViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            User user,
            ObjectProperty<Appearance> appearance,
            Consumer<SignInPrompt> toSignIn) {
        this.connection = connection;
        this.user = user;
        this.appearance = appearance;
        this.toSignIn = toSignIn;
        this.runner = runner;
        this.activity = new Activity(runner);
        this.sessionSubscription = connection.onSessionEnded(() -> runner.onUiThread(this::sessionEnded));
    }

    /** "This computer" or the server's address. */
    public String serverLabel() {
        return connection.label();
    }

    /** The line under the server's name: its address, or "Remote server" when the name is the address. */
    public String serverAddress() {
        return connection.address().equals(connection.label()) ? "Remote server" : connection.address();
    }

    /** The About text: the console's version, the server's version and mode, the Java runtime. */
    public String about() {
        return "Console " + ConsoleVersion.current() + "\nServer "
                + connection.info().version() + " ("
                + Formats.mode(connection.info().mode()).toLowerCase(Locale.ROOT) + ")\nJava "
                + System.getProperty("java.version");
    }

    public String userDisplayName() {
        return user.displayName();
    }

    public String userRole() {
        return Formats.role(user.role());
    }

    /** The page on show. */
    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** The signed-in user's own effective permissions; none until {@link #loadPermissions()} answers. */
    public ReadOnlyObjectProperty<EffectivePermissions> permissionsProperty() {
        return permissions.getReadOnlyProperty();
    }

    /** Whether the signed-in user may read {@code module}, so its page belongs in the navigation. */
    public BooleanBinding mayRead(Module module) {
        return Bindings.createBooleanBinding(
                () -> permissions.get().levelOf(module).includes(AccessLevel.READ), permissions);
    }

    /** Asks the server what the signed-in user may do; the navigation offers only what they may read. */
    public void loadPermissions() {
        // Not an Activity command: sign-out must stay possible while this runs.
        runner.run(() -> connection.client().users().effectivePermissions(user.id()), permissions::set, failure -> {
            if (!closed) {
                activity.fail(failure);
            }
        });
    }

    /**
     * A warning every page shows above itself until it is resolved, such as a changed audit history; empty for
     * none. Bound by the composition root to the page that raises it.
     */
    public StringProperty warningProperty() {
        return warning;
    }

    /** Shows a page. */
    public void show(Page target) {
        page.set(target);
    }

    public ReadOnlyObjectProperty<Appearance> appearanceProperty() {
        return appearance;
    }

    /** Switches between the light and the dark theme. */
    public void toggleAppearance() {
        appearance.set(appearance.get().toggled());
    }

    /** Whether sign-out is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    /** Ends the session on the server, then shows sign-in; goes to sign-in even if the server cannot be told. */
    public void signOut() {
        signOut(SIGNED_OUT);
    }

    /** Signs out like {@link #signOut()}, and the sign-in screen shows {@code notice}, such as why it locked. */
    public void signOut(String notice) {
        if (closed) {
            return;
        }
        signingOut = true;
        activity.run(
                () -> {
                    connection.client().auth().logout();
                    return Boolean.TRUE;
                },
                done -> leave(notice),
                failure -> leave(notice));
    }

    private void sessionEnded() {
        if (!signingOut) {
            leave(SESSION_ENDED);
        }
    }

    private void leave(String notice) {
        if (closed) {
            return;
        }
        close();
        toSignIn.accept(new SignInPrompt(user.email(), notice));
    }

    /** Stops listening to the session; the shell is no longer on screen. */
    @Override
    public void close() {
        closed = true;
        sessionSubscription.unsubscribe();
    }
}
