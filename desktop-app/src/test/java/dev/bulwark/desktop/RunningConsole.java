package dev.bulwark.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ui.Clipboard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console in the test's JavaFX toolkit, with "This computer" in a temporary data directory, and the few
 * steps UI tests share. Everything is driven through the robot, as a person would.
 */
public final class RunningConsole implements AutoCloseable {
    /**
     * How long a step may take before the test fails. Waits end as soon as their condition holds, so this only
     * bounds a failure; it is generous because the first start of "This computer" (migrations on a new H2 file)
     * can take half a minute on a loaded two-core machine.
     */
    private static final long WAIT_SECONDS = 60;

    private final BulwarkApp app;
    private final FxRobot robot;

    private final ChosenFiles files;

    private RunningConsole(BulwarkApp app, FxRobot robot, ChosenFiles files) {
        this.app = app;
        this.robot = robot;
        this.files = files;
    }

    /** What the file dialogs will answer. */
    public ChosenFiles files() {
        return files;
    }

    /** Starts the console on {@code dataDirectory} and waits for the connection screen. */
    public static RunningConsole start(FxRobot robot, Path dataDirectory) throws TimeoutException {
        return start(robot, dataDirectory, java.util.Map.of());
    }

    /** Starts the console whose "This computer" runs with {@code settings} on top of the test environment. */
    public static RunningConsole start(FxRobot robot, Path dataDirectory, java.util.Map<String, String> settings)
            throws TimeoutException {
        return start(robot, dataDirectory, settings, Clipboard.system(), Clock.systemUTC());
    }

    /** Starts the console with {@code browser} playing the system browser. */
    public static RunningConsole start(
            FxRobot robot,
            Path dataDirectory,
            java.util.Map<String, String> settings,
            dev.bulwark.desktop.ui.SystemBrowser browser)
            throws TimeoutException {
        return start(robot, dataDirectory, settings, Clipboard.system(), Clock.systemUTC(), browser);
    }

    /** Starts the console with the clipboard Copy uses and the clock that times reveals, copies and the idle lock. */
    public static RunningConsole start(
            FxRobot robot, Path dataDirectory, java.util.Map<String, String> settings, Clipboard clipboard, Clock clock)
            throws TimeoutException {
        return start(robot, dataDirectory, settings, clipboard, clock, address -> {
            throw new AssertionError("No test expected the system browser to open " + address);
        });
    }

    /** Starts the console with every seam given: clipboard, clock and system browser. */
    public static RunningConsole start(
            FxRobot robot,
            Path dataDirectory,
            java.util.Map<String, String> settings,
            Clipboard clipboard,
            Clock clock,
            dev.bulwark.desktop.ui.SystemBrowser browser)
            throws TimeoutException {
        Stage stage = FxToolkit.registerPrimaryStage();
        ChosenFiles files = new ChosenFiles();
        BulwarkApp app = new BulwarkApp(
                new DesktopSettings(dataDirectory, TestServer.withEnvironment(settings)),
                files,
                clipboard,
                clock,
                browser);
        FxToolkit.setupApplication(() -> app);
        FxToolkit.showStage();
        RunningConsole console = new RunningConsole(app, robot, files);
        console.waitFor("#connectScreen");
        assertThat(stage.getTitle()).isEqualTo("Bulwark");
        return console;
    }

    /** Waits until a node matching {@code query} is on screen and visible. */
    public void waitFor(String query) {
        await(query, true);
    }

    private void await(String query, boolean visible) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> robot.lookup(query)
                    .tryQuery()
                    .filter(node -> !visible || node.isVisible())
                    .isPresent());
        } catch (TimeoutException e) {
            throw new AssertionError("Nothing matching " + query + " appeared within " + WAIT_SECONDS + " s", e);
        }
        // A screen that was just put in the window gets its skins, and so its inner nodes, on the next pulse.
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the labelled node {@code query} shows {@code text}. */
    public void waitForText(String query, String text) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> robot.lookup(query)
                    .tryQuery()
                    .map(RunningConsole::textOf)
                    .filter(text::equals)
                    .isPresent());
        } catch (TimeoutException e) {
            String shown =
                    robot.lookup(query).tryQuery().map(RunningConsole::textOf).orElse("(no such node)");
            throw new AssertionError(query + " shows \"" + shown + "\", not \"" + text + "\"", e);
        }
    }

    /** Waits until {@code condition} holds; {@code what} says what was awaited when it does not. */
    public void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Not true within " + WAIT_SECONDS + " s: " + what, e);
        }
    }

    /** The text a label or input shows, once it is on screen. */
    public String text(String query) {
        await(query, false);
        return textOf(robot.lookup(query).query());
    }

    private static String textOf(Node node) {
        return switch (node) {
            case Labeled labeled -> labeled.getText();
            case TextInputControl input -> input.getText();
            default -> throw new IllegalArgumentException(node + " shows no text");
        };
    }

    /** Clicks on a node once it is on screen, scrolling its page to it first when it is below the fold. */
    public void click(String query) {
        waitFor(query);
        scrollIntoView(query);
        robot.clickOn(query);
    }

    private void scrollIntoView(String query) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            Node node = robot.lookup(query).query();
            for (Parent p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane pane && pane.getContent() != null) {
                    Node content = pane.getContent();
                    Bounds at = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                    double scrollable = content.getBoundsInLocal().getHeight()
                            - pane.getViewportBounds().getHeight();
                    if (scrollable > 0) {
                        double top =
                                (pane.getVvalue() - pane.getVmin()) / (pane.getVmax() - pane.getVmin()) * scrollable;
                        double bottom = top + pane.getViewportBounds().getHeight();
                        if (at.getMinY() < top || at.getMaxY() > bottom) {
                            double wanted = Math.min(1, Math.max(0, at.getMinY() / scrollable));
                            pane.setVvalue(pane.getVmin() + wanted * (pane.getVmax() - pane.getVmin()));
                        }
                    }
                    return;
                }
            }
        }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Clicks into a field once it is on screen and types, as a person would: one key-typed event per character
     * to whatever has the focus. (TestFX's own typing waits for the toolkit after every character, which made
     * the suite several times slower without testing anything more.)
     */
    public void type(String query, String text) {
        click(query);
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            Node focused = robot.lookup(query).query().getScene().getFocusOwner();
            text.codePoints()
                    .forEach(codePoint -> Event.fireEvent(
                            focused,
                            new KeyEvent(
                                    KeyEvent.KEY_TYPED,
                                    Character.toString(codePoint),
                                    "",
                                    KeyCode.UNDEFINED,
                                    false,
                                    false,
                                    false,
                                    false)));
        }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** From the connection screen: opens "This computer". */
    public void openThisComputer() {
        click("#thisComputer");
    }

    /** From the connection screen of an empty data directory: creates the test administrator. */
    public void createAdmin() {
        openThisComputer();
        waitFor("#firstRunScreen");
        type("#email", TestServer.ADMIN_EMAIL);
        type("#displayName", TestServer.ADMIN_NAME);
        type("#password", TestServer.ADMIN_PASSWORD);
        type("#confirmPassword", TestServer.ADMIN_PASSWORD);
        click("#createAdmin");
        waitFor("#signInScreen");
    }

    /** From the sign-in screen: signs in with {@code password} (the email is filled in already or typed). */
    public void signIn(String password) {
        if (text("#email").isEmpty()) {
            type("#email", TestServer.ADMIN_EMAIL);
        }
        type("#password", password);
        click("#signIn");
    }

    /** Signs out, stops the embedded server and releases the window, as closing the console does. */
    @Override
    public void close() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }
}
