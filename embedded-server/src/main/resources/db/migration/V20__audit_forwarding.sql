-- Forwarding the audit trail to SIEM destinations (docs/decisions/0034-audit-forwarding.md). Portable SQL (H2 and
-- PostgreSQL).

-- The destinations administrators configure. The webhook's HMAC key is sealed with the server key set
-- (AES-256-GCM, bound to the destination id); nothing here is a secret in clear.
CREATE TABLE forward_destination (
    id             UUID PRIMARY KEY,
    name           VARCHAR(100)  NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    -- The webhook's https URL, or the syslog receiver's host:port.
    address        VARCHAR(500)  NOT NULL,
    -- Syslog only: plain TCP instead of TLS (a loopback receiver only).
    plain_tcp      BOOLEAN       NOT NULL,
    -- PEM certificates the receiver's certificate must chain to; NULL means the system's authorities.
    trusted_pem    VARCHAR(20000),
    secret_sealed  VARCHAR(4000),
    enabled        BOOLEAN       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT forward_destination_name_unique UNIQUE (name),
    CONSTRAINT forward_destination_kind_valid CHECK (kind IN ('SYSLOG', 'WEBHOOK'))
);

-- Each destination's durable cursor: every record up to last_seq (and every checkpoint up to it) was accepted by
-- the receiver. Written in a transaction of its own after each delivered batch, never together with the trail.
CREATE TABLE forward_cursor (
    destination_id  UUID PRIMARY KEY REFERENCES forward_destination (id) ON DELETE CASCADE,
    last_seq        BIGINT        NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    attempted_at    TIMESTAMP WITH TIME ZONE,
    failures        INT           NOT NULL,
    last_error      VARCHAR(500),
    last_error_at   TIMESTAMP WITH TIME ZONE
);
