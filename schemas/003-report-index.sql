-- 003-report-index.sql — the queue report asks, for every rejected
-- submission, whether its sender wrote again: an index on the sender
-- (compared without case, as addresses are) answers that without a scan
-- of every submission.  See 001-initial.sql for the rules.
CREATE INDEX submissions_sender ON submissions(sender COLLATE NOCASE);
