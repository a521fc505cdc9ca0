-- 002-audit-retention.sql — who looked at or changed what (audit), and
-- retention (intake purge).  See 001-initial.sql for the rules.

-- One row per `intake show`, `decide`, `report` and `purge`: the Unix
-- user who ran it (getpwuid), the name given with --by (NULL: none),
-- the command, what it was run on, and a short detail.
CREATE TABLE audit (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	unix_user	TEXT NOT NULL,
	by_name		TEXT,
	command		TEXT NOT NULL,
	target		TEXT,
	detail		TEXT
);
CREATE INDEX audit_at ON audit(at);

-- Purge is two-phase, so a purge killed at any point is finished by the
-- next one: purging_at is set first (the submission is taken), then its
-- spooled files are removed, then one transaction blanks the personal
-- fields and sets purged_at.  purging_at without purged_at: unfinished.
ALTER TABLE submissions ADD COLUMN purging_at INTEGER;
ALTER TABLE submissions ADD COLUMN purged_at INTEGER;
CREATE INDEX submissions_purge ON submissions(purged_at, status);
