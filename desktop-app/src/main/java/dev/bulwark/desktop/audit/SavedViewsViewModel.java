package dev.bulwark.desktop.audit;

import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.UserFacingException;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The audit page's saved views: the current filters saved under a name, applied again, deleted, and shared as a
 * line of text that another console imports. Kept in the desktop preferences.
 */
public final class SavedViewsViewModel {
    private final AuditViewModel audit;
    private final AuditPreferences preferences;
    private final Activity activity;
    private final ObservableList<SavedView> views = FXCollections.observableArrayList();
    private final ObservableList<SavedView> viewsView = FXCollections.unmodifiableObservableList(views);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper sharedText = new ReadOnlyStringWrapper(this, "sharedText", "");

    /** @param audit the page whose filters are saved and set */
    public SavedViewsViewModel(BackgroundRunner runner, AuditViewModel audit, AuditPreferences preferences) {
        this.audit = audit;
        this.preferences = preferences;
        this.activity = new Activity(runner);
    }

    /** Reads the saved views. */
    public void load() {
        activity.run(preferences::savedViews, views::setAll);
    }

    /** Saves the current filters as {@code name}, replacing a view of that name. */
    public void saveCurrent(String name) {
        SavedView view;
        try {
            view = SavedViewText.check(new SavedView(name, audit.filters()));
        } catch (UserFacingException e) {
            activity.fail(e);
            return;
        }
        store(view, "Saved the view " + view.name() + ".");
    }

    /** Sets the page's filters to {@code view}'s and reads the list again. */
    public void apply(SavedView view) {
        if (view == null) {
            return;
        }
        activity.clearProblem();
        notice.set("");
        audit.apply(view.filters());
    }

    /** Deletes {@code view}. */
    public void delete(SavedView view) {
        if (view == null) {
            activity.fail("Choose a saved view first.");
            return;
        }
        List<SavedView> updated = new ArrayList<>(views);
        updated.removeIf(v -> v.name().equals(view.name()));
        save(updated, "Deleted the view " + view.name() + ".");
    }

    /** Makes {@code view}'s shareable text, shown in {@link #sharedTextProperty()}, for copying. */
    public void share(SavedView view) {
        if (view == null) {
            activity.fail("Choose a saved view first.");
            return;
        }
        activity.clearProblem();
        sharedText.set(SavedViewText.encode(view));
        notice.set("Copied the view " + view.name() + " as text: paste it to whoever should import it.");
    }

    /** Imports a view from the text another console shared, replacing a view of the same name. */
    public void importText(String text) {
        SavedView view;
        try {
            view = SavedViewText.decode(text);
        } catch (UserFacingException e) {
            activity.fail(e);
            return;
        }
        store(view, "Imported the view " + view.name() + ".");
    }

    private void store(SavedView view, String done) {
        List<SavedView> updated = new ArrayList<>(views);
        int existing = indexOf(updated, view.name());
        if (existing >= 0) {
            updated.set(existing, view);
        } else {
            updated.add(view);
        }
        save(updated, done);
    }

    private static int indexOf(List<SavedView> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void save(List<SavedView> updated, String done) {
        notice.set("");
        activity.run(
                () -> {
                    preferences.saveViews(updated);
                    return List.copyOf(updated);
                },
                saved -> {
                    views.setAll(saved);
                    notice.set(done);
                });
    }

    /** The saved views, in the order they were first saved. */
    public ObservableList<SavedView> views() {
        return viewsView;
    }

    /** What the last command did, such as "Saved the view Night sign-ins."; empty otherwise. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The last shared view's text; empty until one is shared. */
    public ReadOnlyStringProperty sharedTextProperty() {
        return sharedText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }
}
