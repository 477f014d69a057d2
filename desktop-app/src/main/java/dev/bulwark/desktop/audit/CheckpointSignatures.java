package dev.bulwark.desktop.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.AuditCheckpoints;
import java.text.ParseException;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's own check of a server's signed checkpoints (decision 0028): each checkpoint from the pinned record
 * on must carry a valid ES256 signature over exactly its sequence number, hash and time, by a key the server
 * publishes, and that key must be one this console has seen signing for this server. The first check of a server
 * learns its keys; a key it has not seen afterwards is a warning, never accepted silently.
 */
final class CheckpointSignatures {
    private CheckpointSignatures() {}

    /**
     * What the check found.
     *
     * @param keys the keys to pin: those pinned before and those learnt now (key id to thumbprint)
     * @param problem the sentence to warn with, or {@code null} when every checkpoint checked verifies
     * @param checked how many checkpoints were checked
     */
    record Result(Map<String, String> keys, String problem, int checked) {}

    /**
     * @param fromSeq checkpoints at or after this record are checked (0 for all), and always the newest one
     * @param pinnedKeys the keys seen before; empty on the first check of a server, which learns them
     */
    static Result check(AuditCheckpoints published, long fromSeq, Map<String, String> pinnedKeys) {
        JWKSet keySet;
        try {
            keySet = JWKSet.parse(published.keys() == null ? Map.of() : published.keys());
        } catch (ParseException e) {
            return new Result(
                    pinnedKeys,
                    "The server's checkpoint keys cannot be read, so its checkpoints cannot be" + " checked.",
                    0);
        }
        Map<String, String> keys = new LinkedHashMap<>(pinnedKeys);
        boolean learning = pinnedKeys.isEmpty();
        int checked = 0;
        long newest = published.checkpoints().stream()
                .mapToLong(AuditCheckpoint::seq)
                .max()
                .orElse(0);
        long from = Math.min(fromSeq, newest);
        Map<String, ECDSAVerifier> verifiers = new HashMap<>();
        for (AuditCheckpoint cp : published.checkpoints().stream()
                .filter(cp -> cp.seq() >= from)
                .sorted(Comparator.comparingLong(AuditCheckpoint::seq))
                .toList()) {
            JWK key = keySet.getKeyByKeyId(cp.keyId());
            if (!(key instanceof ECKey ec)) {
                return new Result(
                        pinnedKeys,
                        "The checkpoint at record " + cp.seq() + " is signed by key " + cp.keyId()
                                + ", which the server does not publish.",
                        checked);
            }
            if (!validlySigned(verifiers.computeIfAbsent(cp.keyId(), kid -> verifier(ec)), cp)) {
                return new Result(
                        pinnedKeys,
                        "The signature of the checkpoint at record " + cp.seq() + " is not valid.",
                        checked);
            }
            String thumbprint = thumbprint(ec);
            String seen = keys.get(cp.keyId());
            if (seen == null && learning) {
                keys.put(cp.keyId(), thumbprint);
            } else if (!thumbprint.equals(seen)) {
                return new Result(
                        pinnedKeys,
                        "The checkpoint at record " + cp.seq() + " is signed by key "
                                + cp.keyId() + " (thumbprint " + thumbprint
                                + "), which this computer has not seen sign for"
                                + " this server.",
                        checked);
            }
            checked++;
        }
        return new Result(Map.copyOf(keys), null, checked);
    }

    private static ECDSAVerifier verifier(ECKey key) {
        try {
            return new ECDSAVerifier(key.toPublicJWK());
        } catch (JOSEException e) {
            return null;
        }
    }

    private static boolean validlySigned(ECDSAVerifier verifier, AuditCheckpoint cp) {
        try {
            JWSObject jws = JWSObject.parse(cp.signature());
            if (verifier == null
                    || !JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())
                    || !cp.keyId().equals(jws.getHeader().getKeyID())
                    || !jws.verify(verifier)) {
                return false;
            }
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            return payload != null
                    && payload.get("seq") instanceof Number seq
                    && seq.longValue() == cp.seq()
                    && cp.hash().equals(payload.get("hash"))
                    && DateTimeFormatter.ISO_INSTANT.format(cp.createdAt()).equals(payload.get("createdAt"));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** The RFC 7638 SHA-256 thumbprint (base64url), as {@code bulwark-server verify-export} prints it. */
    static String thumbprint(ECKey key) {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("A key thumbprint could not be computed", e);
        }
    }
}
