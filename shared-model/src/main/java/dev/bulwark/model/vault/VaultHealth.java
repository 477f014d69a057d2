package dev.bulwark.model.vault;

import java.util.List;

/**
 * The health report over the entries the caller may see (the trash excluded).
 *
 * @param checked how many entries were checked
 * @param weak how many are weak
 * @param reused how many share their secret with another checked entry
 * @param expired how many have expired
 * @param expiring how many expire within 14 days
 * @param items the entries with issues, sorted by name
 */
public record VaultHealth(int checked, int weak, int reused, int expired, int expiring, List<HealthItem> items) {}
