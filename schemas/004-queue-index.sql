-- 004-queue-index.sql — the queue report reads the short fields of every
-- submission once (daemon/queue.c) and decides "sent again" in memory.
-- This index holds exactly those fields, so the scan never reads the rows
-- with their verdict JSON (100,000 submissions: 17 MB instead of 415 MB),
-- and 003's index on the sender, which served the old per-row subquery,
-- has no reader left.  See 001-initial.sql for the rules.
CREATE INDEX submissions_queue ON submissions(status, msg, created_at,
    receipt, business, company, sender, subject);
DROP INDEX IF EXISTS submissions_sender;
