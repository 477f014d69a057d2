-- The user search walks users in email order and tests each one's search text. With both columns in one index
-- the test reads the index entry alone; the user's row is read only when it matches. The search orders by both
-- columns (the same order, since emails are unique) so that this index, not the email constraint's, is walked.

CREATE INDEX app_user_email_search ON app_user (email_normalized, search_text);
