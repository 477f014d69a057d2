package dev.bulwark.model.vault;

import java.util.List;

/** The kept versions of an entry's secret, newest first. */
public record SecretVersionList(List<SecretVersion> versions) {}
