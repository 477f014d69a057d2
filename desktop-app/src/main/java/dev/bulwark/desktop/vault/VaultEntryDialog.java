package dev.bulwark.desktop.vault;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.PasswordStrengthBar;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.desktop.vault.VaultEntryFormViewModel.Generate;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.PasswordGenerator;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The dialog that adds a vault entry or edits one, with the generator and the strength meter built in. */
final class VaultEntryDialog {
    private VaultEntryDialog() {}

    static void show(Window owner, VaultEntryFormViewModel form) {
        TextField name = new TextField();
        name.setId("entryName");
        name.textProperty().bindBidirectional(form.nameProperty());
        ComboBox<EntryKind> kind = new ComboBox<>();
        kind.setId("entryKind");
        kind.getItems().setAll(EntryKind.values());
        kind.setConverter(Forms.displayConverter(VaultText::kind));
        kind.valueProperty().bindBidirectional(form.kindProperty());
        TextField username = new TextField();
        username.setId("entryUsernameInput");
        username.textProperty().bindBidirectional(form.usernameProperty());
        TextField url = new TextField();
        url.setId("entryUrlInput");
        url.textProperty().bindBidirectional(form.urlProperty());
        url.setPromptText("https://…");

        VBox content = new VBox(
                12,
                pair(Forms.field("Name", name, form.nameErrorProperty()), Forms.field("Kind", kind)),
                pair(Forms.field("Username", username), Forms.field("URL", url, form.urlErrorProperty())),
                tagsAndExpiry(form),
                secretField(form),
                generator(form),
                notesField(form),
                customFields(form),
                sharing(form),
                Forms.problem(form.problemProperty()));
        content.setId("entryForm");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(600);
        scroll.setPrefViewportWidth(520);
        Forms.focusWhenShown(name);
        Dialogs.form(
                owner,
                form.isNew() ? "Add vault entry" : "Edit vault entry",
                form.isNew() ? "Add" : "Save",
                "saveEntry",
                scroll,
                form.busyProperty(),
                form.doneProperty(),
                form::save);
    }

    private static HBox pair(VBox left, VBox right) {
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        left.setMaxWidth(Double.MAX_VALUE);
        right.setMaxWidth(Double.MAX_VALUE);
        return new HBox(12, left, right);
    }

    private static VBox secretField(VaultEntryFormViewModel form) {
        PasswordField hidden = new PasswordField();
        hidden.setId("entrySecret");
        hidden.textProperty().bindBidirectional(form.secretProperty());
        TextField shown = new TextField();
        shown.setId("entrySecretShown");
        shown.textProperty().bindBidirectional(form.secretProperty());
        CheckBox show = new CheckBox("Show");
        show.setId("showSecret");
        shown.visibleProperty().bind(show.selectedProperty());
        shown.managedProperty().bind(shown.visibleProperty());
        hidden.visibleProperty().bind(show.selectedProperty().not());
        hidden.managedProperty().bind(hidden.visibleProperty());
        String prompt = form.hasStoredSecret() ? "Leave empty to keep the current value" : "";
        hidden.setPromptText(prompt);
        shown.setPromptText(prompt);
        HBox.setHgrow(hidden, Priority.ALWAYS);
        HBox.setHgrow(shown, Priority.ALWAYS);
        hidden.setMaxWidth(Double.MAX_VALUE);
        shown.setMaxWidth(Double.MAX_VALUE);
        HBox row = new HBox(8, hidden, shown, show);
        row.setAlignment(Pos.CENTER_LEFT);
        Label caption = new Label("Secret");
        caption.getStyleClass().add("field-caption");
        Label error = Forms.sentence(form.secretErrorProperty(), Styles.DANGER, Styles.TEXT_SMALL);
        error.setId("entrySecretError");
        PasswordStrengthBar strength =
                new PasswordStrengthBar("entry", form.feedback(), form.secretProperty(), () -> "", () -> "");
        VBox box = new VBox(4, caption, row, strength, error);
        box.getStyleClass().add("form-field");
        return box;
    }

    private static TitledPane generator(VaultEntryFormViewModel form) {
        ToggleGroup what = new ToggleGroup();
        RadioButton password = new RadioButton("Password");
        password.setId("generatePassword");
        password.setToggleGroup(what);
        password.setUserData(Generate.PASSWORD);
        RadioButton passphrase = new RadioButton("Passphrase");
        passphrase.setId("generatePassphrase");
        passphrase.setToggleGroup(what);
        passphrase.setUserData(Generate.PASSPHRASE);
        (form.generateProperty().get() == Generate.PASSWORD ? password : passphrase).setSelected(true);
        what.selectedToggleProperty().addListener((o, old, now) -> {
            if (now != null) {
                form.generateProperty().set((Generate) now.getUserData());
            }
        });

        Spinner<Integer> length = new Spinner<>(
                PasswordGenerator.MIN_LENGTH,
                PasswordGenerator.MAX_LENGTH,
                form.lengthProperty().get());
        length.setId("generatorLength");
        length.setEditable(true);
        length.setPrefWidth(90);
        length.valueProperty()
                .addListener((o, old, now) -> form.lengthProperty().set(now));
        CheckBox lower = check("generatorLower", "a–z", form.lowerProperty());
        CheckBox upper = check("generatorUpper", "A–Z", form.upperProperty());
        CheckBox digits = check("generatorDigits", "0–9", form.digitsProperty());
        CheckBox symbols = check("generatorSymbols", "!#$…", form.symbolsProperty());
        CheckBox lookAlikes =
                check("generatorLookAlikes", "No look-alikes (0/O, 1/l…)", form.excludeLookAlikesProperty());
        HBox passwordOptions = new HBox(10, new Label("Length"), length, lower, upper, digits, symbols);
        passwordOptions.setAlignment(Pos.CENTER_LEFT);
        VBox passwordBox = new VBox(8, passwordOptions, lookAlikes);
        passwordBox.visibleProperty().bind(form.generateProperty().isEqualTo(Generate.PASSWORD));
        passwordBox.managedProperty().bind(passwordBox.visibleProperty());

        Spinner<Integer> words = new Spinner<>(
                PasswordGenerator.MIN_WORDS,
                PasswordGenerator.MAX_WORDS,
                form.wordsProperty().get());
        words.setId("generatorWords");
        words.setEditable(true);
        words.setPrefWidth(80);
        words.valueProperty().addListener((o, old, now) -> form.wordsProperty().set(now));
        TextField separator = new TextField();
        separator.setId("generatorSeparator");
        separator.setPrefColumnCount(3);
        separator.textProperty().bindBidirectional(form.separatorProperty());
        HBox passphraseBox = new HBox(10, new Label("Words"), words, new Label("Separator"), separator);
        passphraseBox.setAlignment(Pos.CENTER_LEFT);
        passphraseBox.visibleProperty().bind(form.generateProperty().isEqualTo(Generate.PASSPHRASE));
        passphraseBox.managedProperty().bind(passphraseBox.visibleProperty());

        Label summary = new Label();
        summary.setId("generatorSummary");
        summary.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        summary.textProperty().bind(form.generatorSummaryProperty());
        Button generate = Forms.button("generate", "Generate", MaterialDesignD.DICE_MULTIPLE_OUTLINE);
        generate.setOnAction(event -> form.generate());
        HBox action = new HBox(10, generate, summary);
        action.setAlignment(Pos.CENTER_LEFT);

        VBox body = new VBox(10, new HBox(16, password, passphrase), passwordBox, passphraseBox, action);
        TitledPane pane = new TitledPane("Generator", body);
        pane.setId("generator");
        pane.setGraphic(new FontIcon(MaterialDesignS.SHIELD_REFRESH_OUTLINE));
        pane.setExpanded(form.isNew());
        return pane;
    }

    private static CheckBox check(String id, String text, javafx.beans.property.BooleanProperty property) {
        CheckBox box = new CheckBox(text);
        box.setId(id);
        box.selectedProperty().bindBidirectional(property);
        return box;
    }

    private static VBox notesField(VaultEntryFormViewModel form) {
        TextArea notes = new TextArea();
        notes.setId("entryNotes");
        notes.setPrefRowCount(3);
        notes.setWrapText(true);
        notes.textProperty().bindBidirectional(form.notesProperty());
        notes.setPromptText(form.hasStoredNotes() ? "Encrypted notes are kept; type here to replace them" : "");
        VBox field = Forms.field("Notes (encrypted)", notes);
        if (form.hasStoredNotes()) {
            CheckBox remove = new CheckBox("Remove the stored notes");
            remove.setId("removeNotes");
            remove.selectedProperty().bindBidirectional(form.removeNotesProperty());
            remove.disableProperty().bind(notes.textProperty().isNotEmpty());
            field.getChildren().add(remove);
        }
        return field;
    }

    private static HBox tagsAndExpiry(VaultEntryFormViewModel form) {
        TextField tags = new TextField();
        tags.setId("entryTagsInput");
        tags.setPromptText("prod, database");
        tags.textProperty().bindBidirectional(form.tagsProperty());
        DatePicker expires = new DatePicker();
        expires.setId("entryExpiresInput");
        expires.valueProperty().bindBidirectional(form.expiresOnProperty());
        VBox tagsField = Forms.field("Tags, separated by commas", tags);
        HBox.setHgrow(tagsField, Priority.ALWAYS);
        return new HBox(12, tagsField, Forms.field("Expires on", expires, form.expiresOnErrorProperty()));
    }

    private static VBox customFields(VaultEntryFormViewModel form) {
        VBox rows = new VBox(6);
        rows.setId("customFields");
        Runnable fill = () -> {
            rows.getChildren().clear();
            int i = 0;
            for (CustomFieldRow row : form.customFields()) {
                rows.getChildren().add(customRow(form, row, i++));
            }
        };
        form.customFields().addListener((ListChangeListener<CustomFieldRow>) change -> fill.run());
        fill.run();
        Button add = Forms.button("addCustomField", "Add field", MaterialDesignP.PLUS);
        add.getStyleClass().add(Styles.FLAT);
        add.setOnAction(event -> form.addCustomField());
        Label caption = new Label("Custom fields");
        caption.getStyleClass().add("field-caption");
        return new VBox(6, caption, rows, add);
    }

    private static Node customRow(VaultEntryFormViewModel form, CustomFieldRow row, int index) {
        TextField name = new TextField();
        name.setId("customName" + index);
        name.setPromptText("Name");
        name.setPrefColumnCount(8);
        name.textProperty().bindBidirectional(row.nameProperty());
        TextField value = new TextField();
        value.setId("customValue" + index);
        value.textProperty().bindBidirectional(row.valueProperty());
        value.promptTextProperty()
                .bind(Bindings.when(row.secretProperty())
                        .then(row.storedSecret() ? "Encrypted; empty keeps it" : "Encrypted value")
                        .otherwise("Value"));
        PasswordField secretValue = new PasswordField();
        secretValue.setId("customSecretValue" + index);
        secretValue.textProperty().bindBidirectional(row.valueProperty());
        secretValue.promptTextProperty().bind(value.promptTextProperty());
        value.visibleProperty().bind(row.secretProperty().not());
        value.managedProperty().bind(value.visibleProperty());
        secretValue.visibleProperty().bind(row.secretProperty());
        secretValue.managedProperty().bind(secretValue.visibleProperty());
        HBox.setHgrow(value, Priority.ALWAYS);
        HBox.setHgrow(secretValue, Priority.ALWAYS);
        CheckBox secret = new CheckBox("Secret");
        secret.setId("customSecret" + index);
        secret.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        secret.selectedProperty().bindBidirectional(row.secretProperty());
        Button remove = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
        remove.setId("customRemove" + index);
        remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        remove.setOnAction(event -> form.removeCustomField(row));
        HBox box = new HBox(6, name, value, secretValue, secret, remove);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static VBox sharing(VaultEntryFormViewModel form) {
        VBox rows = new VBox(6);
        rows.setId("entrySharing");
        Runnable fill = () -> {
            rows.getChildren().clear();
            for (ShareRow row : form.sharing()) {
                ChoiceBox<AccessLevel> level = new ChoiceBox<>();
                level.getItems().setAll(AccessLevel.READ, AccessLevel.WRITE);
                level.setConverter(Forms.displayConverter(Permissions::level));
                level.valueProperty().bindBidirectional(row.accessProperty());
                Button remove = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
                remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
                remove.setOnAction(event -> form.unshare(row));
                Label group = new Label(row.groupName());
                group.setMinWidth(160);
                HBox line = new HBox(8, group, level, remove);
                line.setAlignment(Pos.CENTER_LEFT);
                rows.getChildren().add(line);
            }
        };
        form.sharing().addListener((ListChangeListener<ShareRow>) change -> fill.run());
        fill.run();
        ComboBox<Group> group = new ComboBox<>(form.groups());
        group.setId("entryShareGroup");
        group.setPromptText("Choose a group");
        group.setConverter(Forms.displayConverter(Group::name));
        ChoiceBox<AccessLevel> level = new ChoiceBox<>();
        level.setId("entryShareLevel");
        level.getItems().setAll(AccessLevel.READ, AccessLevel.WRITE);
        level.setConverter(Forms.displayConverter(Permissions::level));
        level.setValue(AccessLevel.WRITE);
        Button add = Forms.button("entryShareAdd", "Share", MaterialDesignS.SHARE_VARIANT_OUTLINE);
        add.setOnAction(event -> {
            form.share(group.getValue(), level.getValue());
            group.setValue(null);
        });
        HBox picker = new HBox(8, group, level, add);
        picker.setAlignment(Pos.CENTER_LEFT);
        Label caption = new Label("Shared with", new FontIcon(MaterialDesignE.EYE_OUTLINE));
        caption.getStyleClass().add("field-caption");
        Label error = Forms.sentence(form.sharingErrorProperty(), Styles.DANGER, Styles.TEXT_SMALL);
        error.setId("entrySharingError");
        Label hint = Forms.hint("Administrators see every entry. Unless you are one, share it at WRITE with one of"
                + " your own groups.");
        hint.getStyleClass().add(Styles.TEXT_SMALL);
        return new VBox(6, caption, rows, picker, error, hint);
    }
}
