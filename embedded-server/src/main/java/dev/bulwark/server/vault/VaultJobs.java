package dev.bulwark.server.vault;

/**
 * The vault's periodic work, run by the server's background jobs: purging expired trash and recording expiry
 * reminders (each entry at most once a day).
 */
public final class VaultJobs {
    private static final System.Logger LOG = System.getLogger(VaultJobs.class.getName());

    private final VaultService vault;

    public VaultJobs(VaultService vault) {
        this.vault = vault;
    }

    /** One maintenance run. */
    public void maintain() {
        int purged = vault.purgeTrash();
        int reminded = vault.remindExpiring();
        if (purged + reminded > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Vault maintenance: {0} entries purged from the trash, {1} expiry reminders",
                    purged,
                    reminded);
        }
    }
}
