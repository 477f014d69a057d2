package dev.bulwark.desktop.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The console's two themes, AtlantaFX Primer light and dark. */
public enum Appearance {
    LIGHT,
    DARK;

    /** The other theme. */
    public Appearance toggled() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Makes this theme the application's user-agent stylesheet; on the UI thread. */
    public void apply() {
        String stylesheet =
                switch (this) {
                    case LIGHT -> new PrimerLight().getUserAgentStylesheet();
                    case DARK -> new PrimerDark().getUserAgentStylesheet();
                };
        Application.setUserAgentStylesheet(stylesheet);
    }
}
