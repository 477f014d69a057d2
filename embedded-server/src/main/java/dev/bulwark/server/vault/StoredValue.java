package dev.bulwark.server.vault;

import java.util.UUID;

/** One encrypted value as stored: which entry, field and version it belongs to, and the key that sealed it. */
record StoredValue(UUID entryId, String field, int version, long keyId, byte[] ciphertext) {
    @Override
    public String toString() {
        return "StoredValue[" + entryId + " " + field + " v" + version + " key " + keyId + "]";
    }
}
