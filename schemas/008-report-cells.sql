-- 008-report-cells.sql — the report reads one table, in one indexed
-- scan: each summary row (005) also carries its persons and problems,
-- packed, kept by the triggers below, and one covering index holds every
-- column the report reads in the report's order.  Before this, the
-- report read persons and problems whole (wide rows: their JSON and long
-- texts) and merged them with the summary in C.
--
-- Packing (spool/records-report.c unpacks it): every field is "-" for
-- NULL or its byte length, ":", then its bytes; a person is three fields
-- (name, business, id_number), a problem five (code, person, file, item,
-- detail), one after the other in id order.  Lengths, not separators:
-- a name from a mail may hold any byte.
--
-- The rules' names (businesses, items) and the problem labels are not
-- stored: they change with the center's configuration and the program,
-- the stored values do not.

ALTER TABLE report_rows ADD COLUMN persons TEXT NOT NULL DEFAULT '';
ALTER TABLE report_rows ADD COLUMN problems TEXT NOT NULL DEFAULT '';

-- repack: one submission's cells packed again from its persons and
-- problems now (one place for the packing, as 005's rekey).
CREATE TABLE report_repack (submission INTEGER);
CREATE TRIGGER report_repack_run AFTER INSERT ON report_repack BEGIN
	UPDATE report_rows SET
	    persons = COALESCE((SELECT group_concat(
		CASE WHEN name IS NULL THEN '-' ELSE
		    length(CAST(name AS BLOB)) || ':' || name END ||
		CASE WHEN business IS NULL THEN '-' ELSE
		    length(CAST(business AS BLOB)) || ':' || business END ||
		CASE WHEN id_number IS NULL THEN '-' ELSE
		    length(CAST(id_number AS BLOB)) || ':' || id_number END,
		'') FROM (SELECT name, business, id_number FROM persons
		WHERE submission = NEW.submission ORDER BY id)), ''),
	    problems = COALESCE((SELECT group_concat(
		length(CAST(code AS BLOB)) || ':' || code ||
		CASE WHEN person IS NULL THEN '-' ELSE
		    length(CAST(person AS BLOB)) || ':' || person END ||
		CASE WHEN file IS NULL THEN '-' ELSE
		    length(CAST(file AS BLOB)) || ':' || file END ||
		CASE WHEN item IS NULL THEN '-' ELSE
		    length(CAST(item AS BLOB)) || ':' || item END ||
		CASE WHEN detail IS NULL THEN '-' ELSE
		    length(CAST(detail AS BLOB)) || ':' || detail END,
		'') FROM (SELECT code, person, file, item, detail FROM problems
		WHERE submission = NEW.submission ORDER BY id)), '')
	WHERE submission = NEW.submission;
	DELETE FROM report_repack;
END;

-- What exists now.
INSERT INTO report_repack SELECT submission FROM report_rows;

-- A summary row is written before its persons and problems (the
-- submission first); each change of one re-packs its submission.
CREATE TRIGGER report_cells_person_added AFTER INSERT ON persons BEGIN
	INSERT INTO report_repack VALUES (NEW.submission);
END;
CREATE TRIGGER report_cells_person_changed AFTER UPDATE OF submission, name,
    business, id_number ON persons BEGIN
	INSERT INTO report_repack VALUES (OLD.submission);
	INSERT INTO report_repack SELECT NEW.submission
	WHERE NEW.submission IS NOT OLD.submission;
END;
CREATE TRIGGER report_cells_person_removed AFTER DELETE ON persons BEGIN
	INSERT INTO report_repack VALUES (OLD.submission);
END;
CREATE TRIGGER report_cells_problem_added AFTER INSERT ON problems BEGIN
	INSERT INTO report_repack VALUES (NEW.submission);
END;
CREATE TRIGGER report_cells_problem_changed AFTER UPDATE OF submission, code,
    person, file, item, detail ON problems BEGIN
	INSERT INTO report_repack VALUES (OLD.submission);
	INSERT INTO report_repack SELECT NEW.submission
	WHERE NEW.submission IS NOT OLD.submission;
END;
CREATE TRIGGER report_cells_problem_removed AFTER DELETE ON problems BEGIN
	INSERT INTO report_repack VALUES (OLD.submission);
END;

-- Everything the report reads, in its order: the scan never leaves the
-- index for the table.
CREATE INDEX report_rows_show ON report_rows(grp, received, submission,
    receipt, status, business, company, sender, subject, resent, persons,
    problems);
