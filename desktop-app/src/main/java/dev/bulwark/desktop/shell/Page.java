package dev.bulwark.desktop.shell;

/** The pages of the console's navigation. */
public enum Page {
    DASHBOARD,
    USERS,
    GROUPS,
    VAULT,
    AUDIT,
    ACCOUNT,
    SETTINGS
}
