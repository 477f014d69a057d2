package dev.bulwark.desktop;

import dev.bulwark.desktop.connect.EmbeddedServerLauncher;
import dev.bulwark.desktop.connect.SavedServers;
import dev.bulwark.desktop.ui.Appearance;
import dev.bulwark.desktop.ui.Clipboard;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.FxBackgroundRunner;
import dev.bulwark.desktop.ui.SystemBrowser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The JavaFX application and the console's composition root: reads the settings, wires the runner, the embedded
 * server's launcher and the screens, and on exit signs out and stops the embedded server.
 */
public final class BulwarkApp extends Application {
    static final double PREFERRED_WIDTH = 1200;
    static final double PREFERRED_HEIGHT = 780;
    static final double MIN_WIDTH = 880;
    static final double MIN_HEIGHT = 600;
    private static final long SHUTDOWN_SECONDS = 10;
    private static final System.Logger LOG = System.getLogger(BulwarkApp.class.getName());

    private DesktopSettings settings;
    private FxBackgroundRunner runner;
    private EmbeddedServerLauncher launcher;
    private ScreenFlow flow;
    private FilePicker files = FilePicker.system();
    private SystemBrowser browser;
    private Clipboard clipboard = Clipboard.system();
    private Clock clock = Clock.systemUTC();
    private boolean shutDown;

    /** Used by {@link Application#launch}: the settings come from the command line. */
    public BulwarkApp() {}

    /** Used by tests: the settings are given, and the files a person would choose. */
    public BulwarkApp(DesktopSettings settings, FilePicker files) {
        this(settings, files, Clipboard.system(), Clock.systemUTC());
    }

    /** Used by tests: also the clipboard Copy uses and the clock that times reveals, copies and the idle lock. */
    public BulwarkApp(DesktopSettings settings, FilePicker files, Clipboard clipboard, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.files = Objects.requireNonNull(files);
        this.clipboard = Objects.requireNonNull(clipboard);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Used by tests: also the stand-in that plays the system browser. */
    public BulwarkApp(
            DesktopSettings settings, FilePicker files, Clipboard clipboard, Clock clock, SystemBrowser browser) {
        this(settings, files, clipboard, clock);
        this.browser = Objects.requireNonNull(browser);
    }

    @Override
    public void start(Stage stage) {
        if (settings == null) {
            settings = DesktopSettings.fromArguments(
                    getParameters().getRaw(), System.getenv(), Path.of(System.getProperty("user.home")));
        }
        runner = new FxBackgroundRunner();
        DesktopPreferences preferences = new DesktopPreferences(settings.dataDirectory());
        ObjectProperty<Appearance> appearance = new SimpleObjectProperty<>(preferences.appearance());
        appearance.addListener((observable, old, now) -> {
            now.apply();
            runner.run(
                    () -> {
                        preferences.saveAppearance(now);
                        return now;
                    },
                    saved -> {},
                    failure -> LOG.log(System.Logger.Level.WARNING, "The theme could not be remembered", failure));
        });
        appearance.get().apply();

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(
                new StackPane(),
                Math.min(PREFERRED_WIDTH, screen.getWidth()),
                Math.min(PREFERRED_HEIGHT, screen.getHeight()));
        scene.getStylesheets()
                .add(Objects.requireNonNull(BulwarkApp.class.getResource("ui/bulwark.css"))
                        .toExternalForm());

        launcher = new EmbeddedServerLauncher(settings.dataDirectory(), settings.environment());
        flow = new ScreenFlow(
                scene,
                runner,
                launcher,
                new SavedServers(settings.dataDirectory()),
                preferences,
                appearance,
                files,
                clipboard,
                browser != null ? browser : SystemBrowser.platform(getHostServices()),
                clock);

        stage.setTitle("Bulwark");
        stage.setMinWidth(Math.min(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, screen.getHeight()));
        stage.setScene(scene);
        flow.showConnect();
        stage.show();
    }

    /** Called by JavaFX when the last window closed. */
    @Override
    public void stop() {
        shutdown();
    }

    /**
     * Signs out (best effort) and stops the embedded server, waiting at most a few seconds so a server that does
     * not answer cannot hold the exit. Safe to call more than once.
     */
    public void shutdown() {
        if (shutDown || flow == null) {
            return;
        }
        shutDown = true;
        flow.close();
        Thread closing = Thread.ofVirtual().name("bulwark-shutdown").start(() -> {
            flow.connection().ifPresent(connection -> connection.signOutQuietly());
            launcher.close();
        });
        try {
            if (!closing.join(Duration.ofSeconds(SHUTDOWN_SECONDS))) {
                LOG.log(System.Logger.Level.WARNING, "Shutdown did not finish within {0} s", SHUTDOWN_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
    }
}
