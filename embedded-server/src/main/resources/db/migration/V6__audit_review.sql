-- Counts of audit records per minute and per hour, by action and outcome, kept in the appending transaction so
-- the review's timeline reads a few thousand summary rows instead of the events themselves (decision 0015).
-- Bucket starts are UTC. Portable SQL (H2 and PostgreSQL).

CREATE TABLE audit_minute_count (
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    action       VARCHAR(64) NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    total        BIGINT      NOT NULL,
    PRIMARY KEY (bucket_start, action, outcome)
);

CREATE TABLE audit_hour_count (
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    action       VARCHAR(64) NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    total        BIGINT      NOT NULL,
    PRIMARY KEY (bucket_start, action, outcome)
);

INSERT INTO audit_minute_count (bucket_start, action, outcome, total)
SELECT DATE_TRUNC('MINUTE', occurred_at), action, outcome, COUNT(*)
FROM audit_event
GROUP BY DATE_TRUNC('MINUTE', occurred_at), action, outcome;

INSERT INTO audit_hour_count (bucket_start, action, outcome, total)
SELECT DATE_TRUNC('HOUR', occurred_at), action, outcome, COUNT(*)
FROM audit_event
GROUP BY DATE_TRUNC('HOUR', occurred_at), action, outcome;

-- The same per hour and user, so a user's timeline needs no scan of their records either.
CREATE TABLE audit_actor_hour_count (
    actor_id     UUID        NOT NULL,
    bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
    action       VARCHAR(64) NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    total        BIGINT      NOT NULL,
    PRIMARY KEY (actor_id, bucket_start, action, outcome)
);

INSERT INTO audit_actor_hour_count (actor_id, bucket_start, action, outcome, total)
SELECT actor_id, DATE_TRUNC('HOUR', occurred_at), action, outcome, COUNT(*)
FROM audit_event
WHERE actor_id IS NOT NULL
GROUP BY actor_id, DATE_TRUNC('HOUR', occurred_at), action, outcome;
