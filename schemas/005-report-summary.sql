-- 005-report-summary.sql — the summary the queue report reads
-- (daemon/queue.c): one short row per submission with what the report
-- shows, whether a rejected mail was sent again (resent) and its group,
-- kept up to date by the triggers below inside every write of the
-- daemon, `decide` and `purge`.  The report is then one ordered scan of
-- one narrow table instead of three scans, a join and a hash of every
-- sender's keys.  See 001-initial.sql for the rules.
--
-- "Sent again" (daemon/queue.h): a later submission that is not ignored,
-- from the same sender (ASCII case ignored, as NOCASE does), naming the
-- same company or one of the same persons; "later" is by (arrival, id).
-- report_keys holds each submission's keys: kind 'c' its company, 'p' a
-- person's name (person is that row), none when the sender is NULL or
-- the value empty.  A key added by a mail that counts marks the earlier
-- rejected ones with that key at once; a key taken away, or a change of
-- status, marks the rows it may concern stale, and "settle" recomputes
-- those.

CREATE TABLE report_rows (
	submission	INTEGER PRIMARY KEY REFERENCES submissions(id)
			ON DELETE CASCADE,
	received	INTEGER NOT NULL,	-- the message's arrival
	status		TEXT NOT NULL,
	receipt		TEXT,
	business	TEXT,
	company		TEXT,
	sender		TEXT,
	subject		TEXT,
	resent		INTEGER NOT NULL DEFAULT 0,
	stale		INTEGER NOT NULL DEFAULT 0,	-- resent to recompute
	grp		INTEGER GENERATED ALWAYS AS (CASE WHEN status =
			    'review' THEN 0 WHEN status = 'rejected' AND
			    resent = 0 THEN 1 ELSE 2 END) STORED
);
-- the report's order, read straight off the index
CREATE INDEX report_rows_order ON report_rows(grp, received, submission);
CREATE INDEX report_rows_stale ON report_rows(stale) WHERE stale = 1;
-- rejected mail not (yet) sent again, by sender: what a new key can mark
CREATE INDEX report_rows_open ON report_rows(sender COLLATE NOCASE)
    WHERE status = 'rejected' AND resent = 0;

CREATE TABLE report_keys (
	submission	INTEGER NOT NULL REFERENCES submissions(id)
			ON DELETE CASCADE,
	person		INTEGER REFERENCES persons(id) ON DELETE CASCADE,
	kind		TEXT NOT NULL,		-- 'c' company, 'p' person
	sender		TEXT NOT NULL COLLATE NOCASE,
	value		TEXT NOT NULL
);
CREATE INDEX report_keys_key ON report_keys(sender, kind, value);
CREATE INDEX report_keys_submission ON report_keys(submission);
CREATE INDEX report_keys_person ON report_keys(person);

-- What exists now.
INSERT INTO report_rows (submission, received, status, receipt, business,
    company, sender, subject, stale)
SELECT s.id, COALESCE(m.received_at, s.created_at), s.status, s.receipt,
    s.business, s.company, s.sender, s.subject, s.status = 'rejected'
FROM submissions s LEFT JOIN messages m ON m.id = s.msg;
INSERT INTO report_keys (submission, person, kind, sender, value)
SELECT id, NULL, 'c', sender, company FROM submissions
WHERE sender IS NOT NULL AND company <> '';
INSERT INTO report_keys (submission, person, kind, sender, value)
SELECT p.submission, p.id, 'p', s.sender, p.name
FROM persons p JOIN submissions s ON s.id = p.submission
WHERE s.sender IS NOT NULL AND p.name <> '';

-- settle: every stale row's resent, from its keys.  A view cannot be
-- updated, so the one statement is kept here and in the triggers' ends
-- by name: report_settle_run, below, runs it on an insert into
-- report_settle.
CREATE TABLE report_settle (x INTEGER);
CREATE TRIGGER report_settle_run AFTER INSERT ON report_settle BEGIN
	UPDATE report_rows SET stale = 0, resent = status = 'rejected' AND
	    EXISTS (SELECT 1 FROM report_keys k JOIN report_keys m ON
	    m.sender = k.sender AND m.kind = k.kind AND m.value = k.value
	    JOIN report_rows o ON o.submission = m.submission
	    WHERE k.submission = report_rows.submission AND
	    o.status <> 'ignored' AND (o.received, o.submission) >
	    (report_rows.received, report_rows.submission))
	WHERE stale = 1;
	DELETE FROM report_settle;
END;
INSERT INTO report_settle VALUES (1);

CREATE TRIGGER report_key_added AFTER INSERT ON report_keys BEGIN
	UPDATE report_rows SET resent = 1
	WHERE status = 'rejected' AND resent = 0 AND
	    sender = NEW.sender COLLATE NOCASE AND
	    EXISTS (SELECT 1 FROM report_keys m WHERE
	    m.submission = report_rows.submission AND m.kind = NEW.kind AND
	    m.value = NEW.value) AND
	    (received, submission) < (SELECT received, submission FROM
	    report_rows WHERE submission = NEW.submission) AND
	    (SELECT status FROM report_rows WHERE
	    submission = NEW.submission) <> 'ignored';
	UPDATE report_rows SET stale = 1
	WHERE submission = NEW.submission AND status = 'rejected';
END;

CREATE TRIGGER report_key_removed AFTER DELETE ON report_keys BEGIN
	UPDATE report_rows SET stale = 1
	WHERE status = 'rejected' AND resent = 1 AND submission IN (SELECT
	    m.submission FROM report_keys m WHERE m.sender = OLD.sender AND
	    m.kind = OLD.kind AND m.value = OLD.value) AND
	    (received, submission) < (SELECT received, submission FROM
	    report_rows WHERE submission = OLD.submission);
END;

-- rekey: a submission's keys taken away and added again from what it
-- and its persons say now (the key triggers mark whom that concerns).
CREATE TABLE report_rekey (submission INTEGER);
CREATE TRIGGER report_rekey_run AFTER INSERT ON report_rekey BEGIN
	DELETE FROM report_keys WHERE submission = NEW.submission;
	INSERT INTO report_keys (submission, person, kind, sender, value)
	SELECT id, NULL, 'c', sender, company FROM submissions
	WHERE id = NEW.submission AND sender IS NOT NULL AND company <> '';
	INSERT INTO report_keys (submission, person, kind, sender, value)
	SELECT p.submission, p.id, 'p', s.sender, p.name
	FROM persons p JOIN submissions s ON s.id = p.submission
	WHERE p.submission = NEW.submission AND s.sender IS NOT NULL AND
	    p.name <> '';
	DELETE FROM report_rekey;
	INSERT INTO report_settle VALUES (1);
END;

CREATE TRIGGER report_submission_added AFTER INSERT ON submissions BEGIN
	INSERT INTO report_rows (submission, received, status, receipt,
	    business, company, sender, subject)
	VALUES (NEW.id, COALESCE((SELECT received_at FROM messages WHERE
	    id = NEW.msg), NEW.created_at), NEW.status, NEW.receipt,
	    NEW.business, NEW.company, NEW.sender, NEW.subject);
	INSERT INTO report_rekey VALUES (NEW.id);
END;

-- The shown fields; when what counts changes (to or from ignored) or the
-- keys do, a rekey.  One trigger: the row must be current before the
-- keys' triggers read its status.
CREATE TRIGGER report_submission_changed AFTER UPDATE OF status, receipt,
    business, company, sender, subject ON submissions BEGIN
	UPDATE report_rows SET status = NEW.status, receipt = NEW.receipt,
	    business = NEW.business, company = NEW.company,
	    sender = NEW.sender, subject = NEW.subject,
	    resent = resent AND NEW.status = 'rejected',
	    stale = NEW.status = 'rejected'
	WHERE submission = NEW.id;
	INSERT INTO report_rekey SELECT NEW.id
	WHERE OLD.sender IS NOT NEW.sender OR OLD.company IS NOT NEW.company
	    OR (OLD.status = 'ignored') <> (NEW.status = 'ignored');
	INSERT INTO report_settle VALUES (1);
END;

-- A new arrival time moves the submissions in the order: their keys go
-- (marking those earlier than the old place), then come back.
CREATE TRIGGER report_message_moved AFTER UPDATE OF received_at ON messages
WHEN OLD.received_at IS NOT NEW.received_at BEGIN
	DELETE FROM report_keys WHERE submission IN (SELECT id FROM
	    submissions WHERE msg = NEW.id);
	UPDATE report_rows SET received = NEW.received_at,
	    stale = status = 'rejected'
	WHERE submission IN (SELECT id FROM submissions WHERE msg = NEW.id);
	INSERT INTO report_rekey SELECT id FROM submissions WHERE msg = NEW.id;
END;

CREATE TRIGGER report_person_added AFTER INSERT ON persons BEGIN
	INSERT INTO report_keys (submission, person, kind, sender, value)
	SELECT NEW.submission, NEW.id, 'p', sender, NEW.name FROM submissions
	WHERE id = NEW.submission AND sender IS NOT NULL AND NEW.name <> '';
	INSERT INTO report_settle VALUES (1);
END;

CREATE TRIGGER report_person_renamed AFTER UPDATE OF name ON persons
WHEN OLD.name IS NOT NEW.name BEGIN
	INSERT INTO report_rekey VALUES (NEW.submission);
END;

CREATE TRIGGER report_person_removed AFTER DELETE ON persons BEGIN
	DELETE FROM report_keys WHERE person = OLD.id;
	INSERT INTO report_settle VALUES (1);
END;

-- 004's covering index served the report's scan of submissions, which
-- now reads report_rows instead: no reader left.
DROP INDEX IF EXISTS submissions_queue;
