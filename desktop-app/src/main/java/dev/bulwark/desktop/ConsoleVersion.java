package dev.bulwark.desktop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The console's version, from the root pom (docs/decisions/0031-installers-and-versioning.md). */
public final class ConsoleVersion {
    private static final String VERSION = load();

    private ConsoleVersion() {}

    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ConsoleVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "development";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
