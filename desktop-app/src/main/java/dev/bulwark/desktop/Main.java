package dev.bulwark.desktop;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the console. A class of its own, not {@link BulwarkApp}, so that the console also starts from the class
 * path, where JavaFX refuses a main class that extends {@code Application}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(DesktopSettings.USAGE);
            return;
        }
        try {
            DesktopSettings.fromArguments(arguments, System.getenv(), Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DesktopSettings.USAGE);
            System.exit(2);
        }
        Application.launch(BulwarkApp.class, args);
    }
}
