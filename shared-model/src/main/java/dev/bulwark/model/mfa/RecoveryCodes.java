package dev.bulwark.model.mfa;

import dev.bulwark.model.Secret;
import java.util.List;

/**
 * Fresh single-use recovery codes, shown once; the server keeps only their hashes.
 *
 * @param codes the codes
 */
public record RecoveryCodes(List<Secret> codes) {
    public RecoveryCodes {
        codes = codes == null ? List.of() : List.copyOf(codes);
    }
}
