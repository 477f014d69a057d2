package dev.bulwark.desktop.audit;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.desktop.ui.UserFacingException;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A saved view as one line of text that can be pasted into a message and imported by another console:
 * {@code bulwark-audit-view:} followed by the view as base64url JSON. Imported text is checked like any input.
 */
public final class SavedViewText {
    /** What every shared view starts with. */
    public static final String PREFIX = "bulwark-audit-view:";

    static final int MAX_NAME = 80;
    private static final int MAX_FILTER = 200;
    private static final int MAX_TEXT = 8 * 1024;
    private static final Set<String> KNOWN_ACTIONS =
            Arrays.stream(AuditAction.values()).map(AuditAction::code).collect(Collectors.toUnmodifiableSet());

    private SavedViewText() {}

    /** The view as one line of text. */
    public static String encode(SavedView view) {
        try {
            byte[] json = Json.lenient().writeValueAsBytes(view);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("A saved view could not be written as JSON", e);
        }
    }

    /**
     * The view a shared line of text describes.
     *
     * @throws UserFacingException when the text is not a shared view, or names something this console does not know
     */
    public static SavedView decode(String text) {
        String line = text == null ? "" : text.strip();
        if (!line.startsWith(PREFIX) || line.length() > MAX_TEXT) {
            throw new UserFacingException("This is not a shared audit view: it should start with " + PREFIX);
        }
        SavedView view;
        try {
            byte[] json = Base64.getUrlDecoder().decode(line.substring(PREFIX.length()));
            view = Json.lenient().readValue(new String(json, StandardCharsets.UTF_8), SavedView.class);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new UserFacingException("This shared audit view is damaged; copy it again.", e);
        }
        if (view == null || view.filters() == null) {
            throw new UserFacingException("This shared audit view is damaged; copy it again.");
        }
        return check(view);
    }

    /** {@code view} when its name and filters are acceptable. */
    static SavedView check(SavedView view) {
        String name = view.name() == null ? "" : view.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new UserFacingException("A view needs a name of 1 to " + MAX_NAME + " characters.");
        }
        AuditFilters f = view.filters();
        if (f.actor().length() > MAX_FILTER
                || f.ip().length() > MAX_FILTER
                || f.text().length() > MAX_FILTER
                || f.targetType().length() > MAX_FILTER
                || f.target().length() > MAX_FILTER) {
            throw new UserFacingException("A filter of this view is longer than " + MAX_FILTER + " characters.");
        }
        if (f.action().label() == null || f.action().label().length() > MAX_FILTER) {
            throw new UserFacingException("This shared audit view is damaged; copy it again.");
        }
        for (String code : f.action().codes()) {
            if (!KNOWN_ACTIONS.contains(code)) {
                throw new UserFacingException("This view filters on an action this console does not know: "
                        + (code.length() > 40 ? code.substring(0, 40) + "…" : code));
            }
        }
        return new SavedView(name, f);
    }
}
