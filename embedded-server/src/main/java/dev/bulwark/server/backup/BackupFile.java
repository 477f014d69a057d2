package dev.bulwark.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.bulwark.model.Json;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The backup file format (docs/decisions/0030-encrypted-backups.md): a fixed-size header holding the manifest and
 * its authentication tag, then the payload encrypted with Tink's streaming AEAD (AES256_GCM_HKDF_1MB) under a key
 * made for this backup and wrapped by the master key. The master key itself is never in the file.
 *
 * <p>Reading checks, in this order and before anything is decrypted or written: the magic, the format version, that
 * the master key unwraps the payload key, the manifest's tag, the payload's length and its SHA-256. Each refusal is
 * an {@link ApiException} {@code backup-refused} with one sentence.
 */
final class BackupFile {
    /** The format this code writes and the newest it reads. */
    static final int FORMAT = 1;
    /** The header's fixed size; the encrypted payload starts here. */
    static final int HEADER_BYTES = 16 * 1024;

    private static final byte[] MAGIC = "BULWARK-BACKUP\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = Json.lenient();

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's streaming AEAD is not available", e);
        }
    }

    private BackupFile() {}

    /** A payload key made for one backup, with the master-key-wrapped form that goes into the manifest. */
    record PayloadKey(StreamingAead aead, String wrapped) {}

    static PayloadKey newPayloadKey(Aead masterKey, UUID backupId) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            byte[] wrapped =
                    TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, masterKey, keyAssociatedData(backupId));
            return new PayloadKey(
                    handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class),
                    Base64.getEncoder().encodeToString(wrapped));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A backup key could not be made", e);
        }
    }

    /** Associated data of the payload stream: the payload belongs to this backup and no other. */
    static byte[] payloadAssociatedData(UUID backupId) {
        return ("bulwark:backup-payload:" + backupId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keyAssociatedData(UUID backupId) {
        return ("bulwark:backup-key:" + backupId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] manifestAssociatedData(byte[] manifest) {
        byte[] prefix = "bulwark:backup-manifest:".getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(prefix, prefix.length + manifest.length);
        System.arraycopy(manifest, 0, all, prefix.length, manifest.length);
        return all;
    }

    /** Writes the header of {@code manifest}, authenticated with {@code masterKey}, at the start of {@code channel}. */
    static void writeHeader(FileChannel channel, BackupManifest manifest, Aead masterKey) throws IOException {
        byte[] json = JSON.writeValueAsBytes(manifest);
        byte[] tag;
        try {
            tag = masterKey.encrypt(new byte[0], manifestAssociatedData(json));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The backup manifest could not be authenticated", e);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (MAGIC.length + 8 + json.length + tag.length > HEADER_BYTES) {
            throw new IllegalStateException("The backup manifest does not fit its header");
        }
        header.put(MAGIC).putInt(json.length).put(json).putInt(tag.length).put(tag);
        header.position(0).limit(HEADER_BYTES);
        long at = 0;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
    }

    /** A backup file whose header was read and checked; its payload is checked by {@link #verifyPayload}. */
    record Opened(Path file, BackupManifest manifest, StreamingAead payloadAead) {
        /** The decrypted payload (still compressed): every segment is authenticated as it is read. */
        InputStream payload() throws IOException {
            InputStream raw = Files.newInputStream(file);
            raw.skipNBytes(HEADER_BYTES);
            try {
                return payloadAead.newDecryptingStream(raw, payloadAssociatedData(manifest.backupId()));
            } catch (GeneralSecurityException e) {
                raw.close();
                throw refused(file, "is damaged: its payload cannot be decrypted.");
            }
        }
    }

    /** Reads only the manifest, unauthenticated: what the file claims to be, for messages and listings. */
    static BackupManifest peek(Path file) {
        byte[] header = readHeader(file);
        ByteBuffer in = ByteBuffer.wrap(header);
        in.position(MAGIC.length);
        int length = in.getInt();
        if (length <= 0 || length > HEADER_BYTES - MAGIC.length - 8) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
        byte[] json = new byte[length];
        in.get(json);
        try {
            return JSON.readValue(json, BackupManifest.class);
        } catch (IOException e) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
    }

    /**
     * Checks the header of {@code file} with {@code masterKey} and returns the opened file.
     *
     * @throws ApiException {@code backup-refused} when it is no backup, newer, or the master key does not open it
     */
    static Opened open(Path file, Aead masterKey) {
        byte[] header = readHeader(file);
        ByteBuffer in = ByteBuffer.wrap(header);
        in.position(MAGIC.length);
        int length = in.getInt();
        if (length <= 0 || length > HEADER_BYTES - MAGIC.length - 8) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
        byte[] json = new byte[length];
        in.get(json);
        int tagLength = in.getInt();
        if (tagLength <= 0 || tagLength > in.remaining()) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
        byte[] tag = new byte[tagLength];
        in.get(tag);
        BackupManifest manifest;
        try {
            manifest = JSON.readValue(json, BackupManifest.class);
        } catch (IOException e) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
        if (manifest.format() > FORMAT) {
            throw refused(
                    file,
                    "was written by a newer Bulwark (" + manifest.serverVersion() + ", backup format "
                            + manifest.format() + "); restore it with that version or later.");
        }
        if (manifest.backupId() == null || manifest.wrappedKey() == null) {
            throw refused(file, "is damaged: its header cannot be read.");
        }
        StreamingAead aead;
        try {
            KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(
                    Base64.getDecoder().decode(manifest.wrappedKey()),
                    masterKey,
                    keyAssociatedData(manifest.backupId()));
            aead = handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw refused(
                    file,
                    "cannot be opened with this master key: it was made by another server (id " + manifest.serverId()
                            + ") or with another master key. Give the master key of the server that made it.");
        }
        try {
            masterKey.decrypt(tag, manifestAssociatedData(json));
        } catch (GeneralSecurityException e) {
            throw refused(file, "was altered: its manifest does not match its signature.");
        }
        return new Opened(file, manifest, aead);
    }

    /**
     * Checks the encrypted payload's length and SHA-256 against the manifest, reading the file once.
     *
     * @throws ApiException {@code backup-refused} for a truncated, extended or altered payload
     */
    static void verifyPayload(Opened opened) {
        Path file = opened.file();
        BackupManifest manifest = opened.manifest();
        long size;
        try {
            size = Files.size(file) - HEADER_BYTES;
        } catch (IOException e) {
            throw refused(file, "cannot be read.");
        }
        if (size < manifest.encryptedBytes()) {
            throw refused(
                    file,
                    "is truncated: it holds " + Math.max(0, size) + " of its " + manifest.encryptedBytes()
                            + " payload bytes.");
        }
        if (size > manifest.encryptedBytes()) {
            throw refused(file, "was altered: it is longer than its manifest says.");
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.skipNBytes(HEADER_BYTES);
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            digest.reset();
            in.transferTo(OutputStream.nullOutputStream());
            if (!HexFormat.of().formatHex(digest.digest()).equals(manifest.payloadSha256())) {
                throw refused(file, "was altered: its payload does not match the SHA-256 in its manifest.");
            }
        } catch (IOException e) {
            throw refused(file, "cannot be read.");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiException refused(Path file, String what) {
        return ApiException.of(ProblemType.BACKUP_REFUSED, "The backup file " + file.getFileName() + " " + what);
    }

    private static byte[] readHeader(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ApiException.of(ProblemType.BACKUP_REFUSED, "There is no backup file at " + file + ".");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header) > 0) {
                // read the whole header
            }
            byte[] bytes = header.array();
            if (header.position() < MAGIC.length + 8
                    || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw refused(file, "is not a Bulwark backup.");
            }
            if (header.hasRemaining()) {
                throw refused(file, "is truncated: its header is incomplete.");
            }
            return bytes;
        } catch (IOException e) {
            throw refused(file, "cannot be read.");
        }
    }

    /** Where the payload of a new backup is written: after the header's space. */
    static OutputStream payloadOutput(FileChannel channel) throws IOException {
        channel.position(HEADER_BYTES);
        return Channels.newOutputStream(channel);
    }
}
