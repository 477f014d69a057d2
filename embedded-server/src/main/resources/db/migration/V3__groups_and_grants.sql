-- Groups, memberships, per-module grants and the permissions version.
-- Portable SQL (H2 and PostgreSQL).

-- One row; bumped in the same transaction as every change to roles, grants or memberships, so every node
-- can tell with one cheap read whether the permissions it holds in memory are still current.
CREATE TABLE permissions_version (
    id      INT PRIMARY KEY,
    version BIGINT NOT NULL,
    CONSTRAINT permissions_version_single_row CHECK (id = 1)
);
INSERT INTO permissions_version (id, version) VALUES (1, 1);

CREATE TABLE app_group (
    id              UUID PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    name_normalized VARCHAR(100) NOT NULL,
    description     VARCHAR(1000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT NOT NULL,
    CONSTRAINT app_group_name_unique UNIQUE (name_normalized)
);

CREATE TABLE group_member (
    group_id UUID NOT NULL REFERENCES app_group (id) ON DELETE CASCADE,
    user_id  UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_member_user ON group_member (user_id);

CREATE TABLE group_grant (
    group_id     UUID NOT NULL REFERENCES app_group (id) ON DELETE CASCADE,
    module       VARCHAR(16) NOT NULL,
    access_level VARCHAR(8)  NOT NULL,
    PRIMARY KEY (group_id, module),
    CONSTRAINT group_grant_module_valid CHECK (module IN ('USERS', 'GROUPS', 'VAULT', 'AUDIT', 'SETTINGS')),
    CONSTRAINT group_grant_level_valid CHECK (access_level IN ('READ', 'WRITE'))
);

CREATE TABLE user_grant (
    user_id      UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    module       VARCHAR(16) NOT NULL,
    access_level VARCHAR(8)  NOT NULL,
    PRIMARY KEY (user_id, module),
    CONSTRAINT user_grant_module_valid CHECK (module IN ('USERS', 'GROUPS', 'VAULT', 'AUDIT', 'SETTINGS')),
    CONSTRAINT user_grant_level_valid CHECK (access_level IN ('READ', 'WRITE'))
);

CREATE INDEX app_user_display_name ON app_user (display_name);

-- The first administrator may be deleted later like any user (while another admin remains); the installation
-- keeps the id as a plain record of who set the server up, not as a reference that would block the delete.
CREATE TABLE installation_copy AS SELECT id, setup_completed_at, first_admin_id FROM installation;
DROP TABLE installation;
CREATE TABLE installation (
    id                 INT PRIMARY KEY,
    setup_completed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    first_admin_id     UUID NOT NULL,
    CONSTRAINT installation_single_row CHECK (id = 1)
);
INSERT INTO installation (id, setup_completed_at, first_admin_id)
    SELECT id, setup_completed_at, first_admin_id FROM installation_copy;
DROP TABLE installation_copy;
