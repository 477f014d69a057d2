-- One lower-cased text per user (email, a unit separator, display name) so a substring search is one LIKE per
-- row instead of two with a function call each; the repository keeps it in step with email and name.

ALTER TABLE app_user ADD COLUMN search_text VARCHAR(460);
UPDATE app_user SET search_text = email_normalized || CHR(31) || LOWER(display_name);
ALTER TABLE app_user ALTER COLUMN search_text SET NOT NULL;
