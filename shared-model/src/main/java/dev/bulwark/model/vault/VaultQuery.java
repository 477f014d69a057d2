package dev.bulwark.model.vault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A search of the vault: every part is optional.
 *
 * @param text matched (case-insensitively) against names, URLs and tags
 * @param tag one exact tag
 * @param kind one kind
 * @param trash {@code true} to list the trash instead of live entries
 * @param offset entries to skip
 * @param limit page size, 1–1000 (100 when 0)
 */
public record VaultQuery(String text, String tag, EntryKind kind, boolean trash, int offset, int limit) {
    /** Every live entry, first page. */
    public static VaultQuery all() {
        return new VaultQuery(null, null, null, false, 0, 0);
    }

    /** Live entries matching {@code text}. */
    public static VaultQuery text(String text) {
        return new VaultQuery(text, null, null, false, 0, 0);
    }

    /** The entries in the trash. */
    public static VaultQuery trashed() {
        return new VaultQuery(null, null, null, true, 0, 0);
    }

    /** The query string, starting with {@code ?} when not empty. */
    public String toQueryString() {
        List<String> parts = new ArrayList<>();
        add(parts, "q", text);
        add(parts, "tag", tag);
        add(parts, "kind", kind == null ? null : kind.wireName());
        if (trash) {
            parts.add("trash=true");
        }
        if (offset > 0) {
            parts.add("offset=" + offset);
        }
        if (limit > 0) {
            parts.add("limit=" + limit);
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
