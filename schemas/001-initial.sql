-- 001-initial.sql — the submissions database (spool/records.h).
--
-- Migrations: records_open() runs every schemas/NNN-*.sql whose NNN is
-- above PRAGMA user_version, in order, each in one transaction that it
-- ends with PRAGMA user_version = NNN.  So a file here must not BEGIN or
-- COMMIT itself, and a shipped file is never edited: add the next one.
--
-- Times are INTEGER unix seconds (UTC).  Text is UTF-8.

-- Every message that arrived, once per source key.
CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	key		TEXT NOT NULL UNIQUE,	-- the source's message key
	mailbox		TEXT,			-- mailbox URL, no password
	sha256		TEXT NOT NULL,
	message_id	TEXT,
	sender		TEXT,
	spool_path	TEXT,			-- relative to the spool
	received_at	INTEGER NOT NULL,
	state		TEXT NOT NULL DEFAULT 'spooled'
			CHECK (state IN ('spooled', 'judged', 'done')),
	dup_of		INTEGER REFERENCES messages(id)
);
CREATE INDEX messages_sha256 ON messages(sha256);
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_state ON messages(state);

-- What was decided about a message: one verdict, later staff decisions.
CREATE TABLE submissions (
	id		INTEGER PRIMARY KEY,
	msg		INTEGER NOT NULL REFERENCES messages(id),
	status		TEXT NOT NULL
			CHECK (status IN ('accepted', 'rejected', 'review',
			    'ignored')),
	center		TEXT,
	business	TEXT,
	company		TEXT,
	sender		TEXT,
	subject		TEXT,
	declared_count	INTEGER,		-- NULL: not declared
	receipt		TEXT UNIQUE,		-- NULL until accepted
	verdict_json	TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);
CREATE INDEX submissions_msg ON submissions(msg);
CREATE INDEX submissions_status ON submissions(status, created_at);

CREATE TABLE persons (
	id		INTEGER PRIMARY KEY,
	submission	INTEGER NOT NULL REFERENCES submissions(id)
			ON DELETE CASCADE,
	name		TEXT,
	business	TEXT,
	id_number	TEXT,
	archive		TEXT,
	missing		TEXT NOT NULL DEFAULT '[]'	-- JSON array of keys
);
CREATE INDEX persons_submission ON persons(submission);

CREATE TABLE files (
	id		INTEGER PRIMARY KEY,
	person		INTEGER NOT NULL REFERENCES persons(id)
			ON DELETE CASCADE,
	name		TEXT,			-- as the sender named it
	type		TEXT,
	bytes		INTEGER NOT NULL,
	sha256		TEXT,
	item		TEXT,			-- NULL: unclassified
	path		TEXT			-- in the spool; NULL: not kept
);
CREATE INDEX files_person ON files(person);

CREATE TABLE problems (
	id		INTEGER PRIMARY KEY,
	submission	INTEGER NOT NULL REFERENCES submissions(id)
			ON DELETE CASCADE,
	code		TEXT NOT NULL,
	person		TEXT,
	file		TEXT,
	item		TEXT,
	detail		TEXT
);
CREATE INDEX problems_submission ON problems(submission);
CREATE INDEX problems_code ON problems(code);

-- Every reply, from "due" to "sent" (or "failed", "suppressed").
CREATE TABLE replies (
	id		INTEGER PRIMARY KEY,
	submission	INTEGER REFERENCES submissions(id),
	kind		TEXT,
	rcpt		TEXT NOT NULL COLLATE NOCASE,
	subject		TEXT,
	msgid		TEXT,
	message		BLOB NOT NULL,		-- the RFC 5322 reply
	state		TEXT NOT NULL DEFAULT 'due'
			CHECK (state IN ('due', 'sending', 'sent', 'failed',
			    'suppressed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_attempt	INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	sent_at		INTEGER,
	error		TEXT
);
CREATE INDEX replies_due ON replies(state, next_attempt);
CREATE INDEX replies_rcpt ON replies(rcpt);
CREATE INDEX replies_submission ON replies(submission);

-- Every state change of a submission, by whom.
CREATE TABLE history (
	id		INTEGER PRIMARY KEY,
	submission	INTEGER NOT NULL REFERENCES submissions(id)
			ON DELETE CASCADE,
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL,
	event		TEXT NOT NULL,
	detail		TEXT
);
CREATE INDEX history_submission ON history(submission, at);

-- The last receipt number given per center prefix and year (no gaps:
-- taken in the transaction that stores the submission).
CREATE TABLE receipt_counters (
	prefix		TEXT NOT NULL,
	year		INTEGER NOT NULL,
	last		INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (prefix, year)
);
