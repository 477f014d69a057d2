package dev.bulwark.desktop.vault;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.VaultShare;
import java.util.UUID;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One group an entry is shared with, as the sharing lists show and edit it. */
public final class ShareRow {
    private final UUID groupId;
    private final String groupName;
    private final ObjectProperty<AccessLevel> access;

    ShareRow(UUID groupId, String groupName, AccessLevel access) {
        this.groupId = groupId;
        this.groupName = groupName;
        this.access = new SimpleObjectProperty<>(this, "access", access);
    }

    public UUID groupId() {
        return groupId;
    }

    public String groupName() {
        return groupName;
    }

    /** READ or WRITE. */
    public ObjectProperty<AccessLevel> accessProperty() {
        return access;
    }

    VaultShare toShare() {
        return new VaultShare(groupId, access.get());
    }
}
