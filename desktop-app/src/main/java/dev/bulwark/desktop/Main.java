package dev.bulwark.desktop;

import dev.bulwark.desktop.connect.StartupTraining;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the console. A class of its own, not {@link BulwarkApp}, so that the console also starts from the class
 * path, where JavaFX refuses a main class that extends {@code Application}.
 *
 * <p>{@code --train-startup-cache} runs {@link StartupTraining} instead of the console; the launcher uses it to
 * record the JVM's ahead-of-time cache after a build.
 */
public final class Main {
    private static final String TRAINING_FLAG = "--train-startup-cache";

    private Main() {}

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        if (arguments.equals(List.of(TRAINING_FLAG))) {
            StartupTraining.run();
            System.exit(0);
        }
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(DesktopSettings.USAGE);
            return;
        }
        if (arguments.equals(List.of("--version"))) {
            System.out.println("bulwark " + ConsoleVersion.current());
            return;
        }
        try {
            DesktopSettings.fromArguments(arguments, System.getenv(), Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DesktopSettings.USAGE);
            System.exit(2);
        }
        GraphicsPreflight.problem(
                        System.getProperty("os.name"),
                        System.getenv(),
                        System.getProperty("glass.platform"),
                        GraphicsPreflight.NATIVE)
                .ifPresent(problem -> {
                    System.err.println("bulwark: " + problem);
                    System.exit(1);
                });
        Application.launch(BulwarkApp.class, args);
    }
}
