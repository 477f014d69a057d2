-- Failed sign-ins per hour by source address and by account (the email tried), kept in the appending transaction
-- like the other hourly counts, so the Dashboard's "top addresses" and "top accounts" read a few hundred small
-- rows instead of the failures themselves (decision 0035). Bucket starts are UTC. Portable SQL (H2 and PostgreSQL).

CREATE TABLE audit_failed_sign_in_count (
    dimension    VARCHAR(16)  NOT NULL,
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    source       VARCHAR(254) NOT NULL,
    total        BIGINT       NOT NULL,
    PRIMARY KEY (dimension, bucket_start, source),
    CONSTRAINT audit_failed_sign_in_count_dimension CHECK (dimension IN ('address', 'account'))
);

INSERT INTO audit_failed_sign_in_count (dimension, bucket_start, source, total)
SELECT 'address', DATE_TRUNC('HOUR', occurred_at), source_ip, COUNT(*)
FROM audit_event
WHERE action IN ('auth.login.failure', 'auth.mfa.failure') AND source_ip IS NOT NULL
GROUP BY DATE_TRUNC('HOUR', occurred_at), source_ip;

INSERT INTO audit_failed_sign_in_count (dimension, bucket_start, source, total)
SELECT 'account', DATE_TRUNC('HOUR', occurred_at), LOWER(actor_email), COUNT(*)
FROM audit_event
WHERE action IN ('auth.login.failure', 'auth.mfa.failure') AND actor_email IS NOT NULL
GROUP BY DATE_TRUNC('HOUR', occurred_at), LOWER(actor_email);
