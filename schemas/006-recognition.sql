-- 006-recognition.sql — what was read from each file (issue 18,
-- daemon/judge-content.c): how its material was told (item_by: 'name',
-- 'content' or NULL) and what was read on it, the ID number (only one
-- whose check character is right) and the name after 姓名.  These are
-- personal data like the file's name: purge blanks read_id_number and
-- read_name with the rest (daemon/cmd_purge.c), and nothing logs them.
-- See 001-initial.sql for the rules.
ALTER TABLE files ADD COLUMN item_by TEXT;
ALTER TABLE files ADD COLUMN read_id_number TEXT;
ALTER TABLE files ADD COLUMN read_name TEXT;
