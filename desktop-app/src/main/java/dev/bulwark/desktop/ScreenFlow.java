package dev.bulwark.desktop;

import dev.bulwark.desktop.account.AccountView;
import dev.bulwark.desktop.account.AccountViewModel;
import dev.bulwark.desktop.account.MyMfaViewModel;
import dev.bulwark.desktop.audit.AuditView;
import dev.bulwark.desktop.audit.AuditViewModel;
import dev.bulwark.desktop.audit.ExportViewModel;
import dev.bulwark.desktop.audit.SavedViewsViewModel;
import dev.bulwark.desktop.audit.TimelineViewModel;
import dev.bulwark.desktop.connect.ConnectView;
import dev.bulwark.desktop.connect.ConnectViewModel;
import dev.bulwark.desktop.connect.EmbeddedServerLauncher;
import dev.bulwark.desktop.connect.SavedServers;
import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.dashboard.DashboardView;
import dev.bulwark.desktop.dashboard.DashboardViewModel;
import dev.bulwark.desktop.groups.GroupsView;
import dev.bulwark.desktop.groups.GroupsViewModel;
import dev.bulwark.desktop.settings.BackupsTab;
import dev.bulwark.desktop.settings.BackupsViewModel;
import dev.bulwark.desktop.settings.ForwardingTab;
import dev.bulwark.desktop.settings.ForwardingViewModel;
import dev.bulwark.desktop.settings.KeysTab;
import dev.bulwark.desktop.settings.KeysViewModel;
import dev.bulwark.desktop.settings.SettingsView;
import dev.bulwark.desktop.settings.SignInProvidersTab;
import dev.bulwark.desktop.settings.SignInProvidersViewModel;
import dev.bulwark.desktop.settings.SignInSettingsTab;
import dev.bulwark.desktop.settings.SignInSettingsViewModel;
import dev.bulwark.desktop.setup.FirstAuthenticatorView;
import dev.bulwark.desktop.setup.FirstRunView;
import dev.bulwark.desktop.setup.FirstRunViewModel;
import dev.bulwark.desktop.shell.IdleLock;
import dev.bulwark.desktop.shell.Page;
import dev.bulwark.desktop.shell.ShellView;
import dev.bulwark.desktop.shell.ShellViewModel;
import dev.bulwark.desktop.signin.BrowserSignInView;
import dev.bulwark.desktop.signin.BrowserSignInViewModel;
import dev.bulwark.desktop.signin.NewPasswordView;
import dev.bulwark.desktop.signin.NewPasswordViewModel;
import dev.bulwark.desktop.signin.SignInPrompt;
import dev.bulwark.desktop.signin.SignInView;
import dev.bulwark.desktop.signin.SignInViewModel;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.Clipboard;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.SystemBrowser;
import dev.bulwark.desktop.users.UsersView;
import dev.bulwark.desktop.users.UsersViewModel;
import dev.bulwark.desktop.vault.VaultView;
import dev.bulwark.desktop.vault.VaultViewModel;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.event.EventHandler;
import javafx.event.EventType;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * Moves between the console's screens: builds each screen with its ViewModel, puts it in the window, and stops
 * what the screen it leaves still runs (timers, session listeners).
 */
final class ScreenFlow implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScreenFlow.class.getName());

    private final Scene scene;
    private final BackgroundRunner runner;
    private final EmbeddedServerLauncher launcher;
    private final SavedServers savedServers;
    private final DesktopPreferences preferences;
    private final ObjectProperty<Appearance> appearance;
    private final FilePicker files;
    private final SystemBrowser browser;
    private final Clock clock;
    private final Clipboard clipboard;
    private final List<AutoCloseable> screenResources = new ArrayList<>();
    private ServerConnection connection;

    ScreenFlow(
            Scene scene,
            BackgroundRunner runner,
            EmbeddedServerLauncher launcher,
            SavedServers savedServers,
            DesktopPreferences preferences,
            ObjectProperty<Appearance> appearance,
            FilePicker files,
            Clipboard clipboard,
            SystemBrowser browser,
            Clock clock) {
        this.clipboard = clipboard;
        this.files = files;
        this.browser = browser;
        this.scene = scene;
        this.runner = runner;
        this.launcher = launcher;
        this.savedServers = savedServers;
        this.preferences = preferences;
        this.appearance = appearance;
        this.clock = clock;
    }

    /** The server the console is connected to, if any. */
    Optional<ServerConnection> connection() {
        return Optional.ofNullable(connection);
    }

    void showConnect() {
        leaveScreen();
        ConnectViewModel viewModel = new ConnectViewModel(runner, launcher, savedServers, this::connected);
        show(new ConnectView(viewModel).root());
        viewModel.load();
    }

    private void connected(ServerConnection reached) {
        connection = reached;
        if (reached.info().setupRequired()) {
            showFirstRun(reached);
        } else {
            showSignIn(reached, SignInPrompt.blank());
        }
    }

    void showFirstRun(ServerConnection server) {
        leaveScreen();
        FirstRunViewModel viewModel = new FirstRunViewModel(
                runner,
                server,
                prompt -> showSignIn(server, prompt),
                this::showConnect,
                user -> showFirstAuthenticator(server, user));
        show(new FirstRunView(viewModel).root());
    }

    /** After the first administrator was created with no second factor available (decision 0029). */
    void showFirstAuthenticator(ServerConnection server, User user) {
        leaveScreen();
        MyMfaViewModel mfa = new MyMfaViewModel(runner, server);
        show(new FirstAuthenticatorView(mfa, files, () -> showShell(server, user)).root());
        mfa.reload();
    }

    void showSignIn(ServerConnection server, SignInPrompt prompt) {
        leaveScreen();
        SignInViewModel viewModel =
                new SignInViewModel(runner, server, prompt, user -> showShell(server, user), this::showConnect, clock);
        BrowserSignInViewModel browserSignIn = new BrowserSignInViewModel(
                runner,
                server,
                browser,
                clipboard,
                user -> showShell(server, user),
                viewModel::continueWithSecondFactor,
                clock);
        screenResources.add(browserSignIn);
        show(new SignInView(viewModel, new BrowserSignInView(browserSignIn).root()).root());
        browserSignIn.load();
    }

    void showShell(ServerConnection server, User user) {
        leaveScreen();
        if (user.passwordChangeRequired()) {
            // the server answers such a session nothing else, whichever way it signed in
            showNewPassword(server, user);
            return;
        }
        ShellViewModel shell =
                new ShellViewModel(runner, server, user, appearance, prompt -> showSignIn(server, prompt));
        DashboardViewModel dashboard = new DashboardViewModel(runner, server, clock);
        AccountViewModel account = new AccountViewModel(runner, server, user);
        UsersViewModel users = new UsersViewModel(runner, server, user);
        GroupsViewModel groups = new GroupsViewModel(runner, server, user);
        AuditViewModel audit = new AuditViewModel(runner, server, preferences, clock);
        SavedViewsViewModel savedViews = new SavedViewsViewModel(runner, audit, preferences);
        TimelineViewModel timeline = new TimelineViewModel(runner, server, audit);
        ExportViewModel export = new ExportViewModel(runner, server, audit);
        SignInProvidersTab signInProviders = new SignInProvidersTab(new SignInProvidersViewModel(runner, server));
        VaultViewModel vault = new VaultViewModel(runner, server, user, clipboard, clock);
        KeysViewModel keys = new KeysViewModel(runner, server, user);
        BackupsViewModel backups = new BackupsViewModel(runner, server, user, clock);
        ForwardingTab forwarding =
                new ForwardingTab(new ForwardingViewModel(runner, server, user, java.time.ZoneId.systemDefault()));
        ShellView view = new ShellView(
                shell,
                Map.of(
                        Page.DASHBOARD, new DashboardView(dashboard).root(),
                        Page.USERS, new UsersView(users, files).root(),
                        Page.GROUPS, new GroupsView(groups).root(),
                        Page.VAULT, new VaultView(vault).root(),
                        Page.AUDIT, new AuditView(audit, savedViews, timeline, export, files).root(),
                        Page.ACCOUNT, new AccountView(account, files).root(),
                        Page.SETTINGS,
                                new SettingsView(List.of(
                                                new KeysTab(keys).tab(),
                                                new SignInSettingsTab(new SignInSettingsViewModel(runner, server, user))
                                                        .tab(),
                                                signInProviders.tab(),
                                                new BackupsTab(backups).tab(),
                                                forwarding.tab()))
                                        .root()));
        dashboard.onOpenAudit(filters -> {
            audit.apply(filters);
            shell.show(Page.AUDIT);
        });
        shell.pageProperty().addListener((observable, old, page) -> {
            dashboard.setShown(page == Page.DASHBOARD);
            switch (page) {
                case DASHBOARD -> {} // setShown reads it again
                case USERS -> users.reload();
                case GROUPS -> groups.reload();
                case AUDIT -> {
                    audit.open();
                    savedViews.load();
                }
                case ACCOUNT -> account.reload();
                case VAULT -> vault.reload();
                case SETTINGS -> {
                    keys.reload();
                    signInProviders.reload();
                    backups.reload();
                    forwarding.reload();
                }
            }
        });
        // Every sign-in of someone who may read the trail checks that its history still holds the pinned checkpoint.
        shell.warningProperty().bind(audit.historyWarningProperty());
        shell.permissionsProperty().addListener((observable, old, now) -> {
            if (now.levelOf(Module.AUDIT).includes(AccessLevel.READ)) {
                audit.checkHistory();
            }
        });
        screenResources.add(shell);
        screenResources.add(dashboard);
        screenResources.add(audit);
        screenResources.add(timeline);
        screenResources.add(vault);
        screenResources.add(keys);
        screenResources.add(backups);
        lockWhenIdle(shell, vault);
        show(view.root());
        dashboard.start();
        shell.loadPermissions();
    }

    void showNewPassword(ServerConnection server, User user) {
        NewPasswordViewModel viewModel = new NewPasswordViewModel(
                runner, server, user, changed -> showShell(server, changed), prompt -> showSignIn(server, prompt));
        show(new NewPasswordView(viewModel).root());
    }

    /** Locks the console after {@link IdleLock#IDLE_LIMIT} without input: nothing revealed survives the lock. */
    private void lockWhenIdle(ShellViewModel shell, VaultViewModel vault) {
        IdleLock idle = new IdleLock(runner, clock, IdleLock.IDLE_LIMIT, () -> {
            vault.lock();
            shell.signOut(IdleLock.LOCKED);
        });
        // Only what a person does counts: the scene also sends entered/exited events whenever a layout change moves
        // a node under a resting mouse, which would keep an unattended console open for ever.
        List<EventType<? extends InputEvent>> types = List.of(
                KeyEvent.KEY_PRESSED,
                MouseEvent.MOUSE_PRESSED,
                MouseEvent.MOUSE_MOVED,
                MouseEvent.MOUSE_DRAGGED,
                ScrollEvent.SCROLL);
        EventHandler<InputEvent> input = event -> idle.activity();
        types.forEach(type -> scene.addEventFilter(type, input));
        screenResources.add(idle);
        screenResources.add(() -> types.forEach(type -> scene.removeEventFilter(type, input)));
    }

    private void show(Parent root) {
        scene.setRoot(root);
    }

    private void leaveScreen() {
        for (AutoCloseable resource : screenResources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Closing a screen failed", e);
            }
        }
        screenResources.clear();
    }

    /** Stops what the current screen runs; signing out and stopping the server is up to the caller. */
    @Override
    public void close() {
        leaveScreen();
    }
}
