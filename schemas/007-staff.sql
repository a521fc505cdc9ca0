-- 007-staff.sql — the staff console (intake web, daemon/web.h): staff
-- accounts, their sessions and failed sign-ins (spool/staff.h).  Views
-- and downloads go to the audit table of 002 (command "web view", "web
-- file" ...; by_name the staff account).  See 001-initial.sql for the
-- rules.  (006 is kept for the migration of another branch.)

-- One row per account: role view (read), decide (read, decide) or admin
-- (everything, the audit page).  pwhash is libsodium's argon2id string
-- (crypto_pwhash_str): algorithm, parameters, salt and hash; never the
-- password.  A disabled account keeps its row, for the audit trail.
CREATE TABLE staff (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	role		TEXT NOT NULL CHECK (role IN ('view', 'decide',
			    'admin')),
	pwhash		TEXT NOT NULL,
	disabled	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL,
	changed_at	INTEGER NOT NULL
);

-- A signed-in browser.  The cookie holds a random 256-bit token; only its
-- SHA-256 is kept, so a copy of the database signs nobody in.  csrf is
-- the token every POST of the session must carry.  seen_at: the idle
-- expiry counts from it.
CREATE TABLE sessions (
	token_hash	TEXT PRIMARY KEY,
	staff		INTEGER NOT NULL REFERENCES staff(id)
			ON DELETE CASCADE,
	csrf		TEXT NOT NULL,
	addr		TEXT,
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL
);
CREATE INDEX sessions_staff ON sessions(staff);

-- Wrong passwords (and sign-ins refused while locked): five within 15
-- minutes for one name, or from one address, lock both out.
CREATE TABLE login_failures (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	name		TEXT NOT NULL,
	addr		TEXT NOT NULL
);
CREATE INDEX login_failures_name ON login_failures(name, at);
CREATE INDEX login_failures_addr ON login_failures(addr, at);
