package dev.bulwark.desktop;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before JavaFX starts, that this Linux machine can show the console: GTK 3 loads and the display in
 * {@code DISPLAY} opens. Without it JavaFX dies with a stack trace ("Unable to load glass GTK library"); this
 * says in one sentence what to install or set instead (docs/decisions/0031-installers-and-versioning.md).
 *
 * <p>Skipped on other systems and when JavaFX runs on a platform of its own ({@code -Dglass.platform}, as
 * the headless tests do).
 */
final class GraphicsPreflight {
    static final String GTK_MISSING = "Bulwark's console needs GTK 3, which is not installed: install the package"
            + " libgtk-3-0 (Debian, Ubuntu: sudo apt-get install libgtk-3-0; Fedora: sudo dnf install gtk3)"
            + " and start it again.";
    static final String DISPLAY_UNSET = "Bulwark's console needs a graphical display and DISPLAY is not set:"
            + " start it from a desktop session (on Wayland, XWayland provides DISPLAY) or set DISPLAY to a"
            + " running X server, for example DISPLAY=:0.";

    /** What the check asks of the machine; {@link #NATIVE} asks the real libraries. */
    interface Machine {
        boolean gtkLoads();

        boolean displayOpens();
    }

    static final Machine NATIVE = new NativeMachine("libgtk-3.so.0", "libX11.so.6");

    private GraphicsPreflight() {}

    /** Empty when the console can start, else the sentence to show instead. */
    static Optional<String> problem(
            String osName, Map<String, String> environment, String glassPlatform, Machine machine) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || glassPlatform != null) {
            return Optional.empty();
        }
        if (!machine.gtkLoads()) {
            return Optional.of(GTK_MISSING);
        }
        String display = environment.get("DISPLAY");
        if (display == null || display.isBlank()) {
            return Optional.of(DISPLAY_UNSET);
        }
        if (!machine.displayOpens()) {
            return Optional.of(displayClosed(display));
        }
        return Optional.empty();
    }

    static String displayClosed(String display) {
        return "Bulwark's console cannot open the display DISPLAY=" + display + ": check that its X server is"
                + " running and that this user may use it (xauth), or set DISPLAY to one that is.";
    }

    /** dlopen and Xlib through the JDK's foreign function API, as GTK itself would find them. */
    record NativeMachine(String gtkLibrary, String x11Library) implements Machine {
        @Override
        public boolean gtkLoads() {
            try (Arena arena = Arena.ofConfined()) {
                SymbolLookup.libraryLookup(gtkLibrary, arena);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public boolean displayOpens() {
            Linker linker = Linker.nativeLinker();
            try (Arena arena = Arena.ofConfined()) {
                SymbolLookup x11 = SymbolLookup.libraryLookup(x11Library, arena);
                MethodHandle open = linker.downcallHandle(
                        x11.findOrThrow("XOpenDisplay"),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
                MethodHandle close = linker.downcallHandle(
                        x11.findOrThrow("XCloseDisplay"),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                MemorySegment display = (MemorySegment) open.invokeExact(MemorySegment.NULL);
                if (display.address() == 0) {
                    return false;
                }
                int ignored = (int) close.invokeExact(display);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            } catch (Throwable e) {
                // An Xlib that cannot be called leaves the answer to JavaFX, which reports it itself.
                return true;
            }
        }
    }
}
