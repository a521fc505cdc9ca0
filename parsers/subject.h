/*
 * subject.h — reads a subject line (or, for Jing'an, a file name) by one
 * center's convention, tolerant the way a person is: full- and half-width
 * dashes, brackets, plus signs and parentheses, stray spaces, traditional
 * keywords, 共3人 / 共三人, any chain of Re:/回复:/Fw:/转发: prefixes.
 *
 * The convention's shape is code (three kinds below); everything a center
 * may change — field order, business keywords, registered short names — is
 * data in struct subject_spec, filled from the center's schema file.
 *
 * subject_parse() fills a struct subject_parse the caller releases with
 * subject_parse_free(); all strings in it are malloc'd UTF-8.
 */
#ifndef INTAKE_SUBJECT_H
#define INTAKE_SUBJECT_H

#include <stddef.h>

enum subject_kind {
	/* Minhang, Xuhui:  公司—张三(新办)+李四(续办)—共2人
	 *                  公司—张三(教育背景核实)—共1人
	 *                  公司—单位账号密码重置           (unit business) */
	SUBJECT_DASH,
	/* Baoshan, Huangpu, Hongkou: 【..】+【..】+【..】+【..】 in the order
	 * given by spec.fields. */
	SUBJECT_BRACKETS,
	/* Jing'an: [日期]业务 简称 人名 with no separators; the short names
	 * come from the sender registry (longest match wins). */
	SUBJECT_COMPACT,
	/* Guangzhou support: any subject; the fields are in the body. */
	SUBJECT_FREE,
};

enum subject_field { SUBJECT_F_COMPANY, SUBJECT_F_NAME, SUBJECT_F_ID,
	SUBJECT_F_BUSINESS };

/* One keyword that names a business: "新办" → "points-new".  Traditional
 * and variant spellings are simply more keywords. */
struct subject_keyword {
	const char *word;
	const char *business;
};

struct subject_spec {
	enum subject_kind kind;
	enum subject_field fields[4];	/* SUBJECT_BRACKETS: field order */
	size_t	 n_fields;
	const struct subject_keyword *keywords;
	size_t	 n_keywords;
	const char *const *short_names;	/* SUBJECT_COMPACT: registry */
	size_t	 n_short_names;
};

struct subject_person {
	char	*name;
	char	*business;		/* NULL: the message's business */
	char	*id_number;		/* NULL when the subject has none */
};

struct subject_parse {
	int	 ok;			/* 1: the subject follows the convention */
	char	*error;			/* ok == 0: why, in simplified Chinese */
	char	*clean;			/* the subject, prefixes stripped and
					   forms normalized */
	char	*company;		/* full name, or Jing'an's short name */
	char	*business;		/* message-level business key, or NULL
					   when persons carry their own */
	char	*date;			/* Jing'an's leading date, if any */
	int	 declared_count;	/* 共N人; -1 when absent */
	struct subject_person *persons;
	size_t	 n_persons;
};

/*
 * Returns 0 when out->ok, -1 otherwise; out is always filled and must be
 * released.  When ok == 0 the other fields still hold what could be read
 * (the company, say), for the reply.  Details:
 * - persons[i].business is filled whenever it is known: the person's own
 *   keyword, else the message's; business (message level) is NULL when
 *   persons do different businesses.
 * - Keywords: the longest that matches wins (单位账号密码重置 over 密码重置).
 * - subject_normalize() also drops spaces next to CJK text (kept only
 *   between two ASCII words) and reads 〔〕［］〖〗 as 【】, "——" as one "—".
 * - SUBJECT_DASH: the first "—" ends the company (a dash between two
 *   Latin letters/digits is a hyphen: "ABC-Tech公司"); every later segment is
 *   persons (split at + 、 , ;) or the count 共N人 / N人; a segment that is
 *   only a keyword (with 办理/业务 around it) is the message's business: a
 *   unit business when nobody is named (n_persons 0).
 * - SUBJECT_BRACKETS: the business field is told by its keyword and the
 *   ID field by its digits wherever they stand, the rest follow spec.fields;
 *   two fields, one a business, is a unit business (company + business).
 *   Several persons: 【张三、李四】+【id1、id2】.  IDs are as written
 *   (spaces dropped, x → X): check them with idnumber_check().  Without any
 *   bracket, fields split at "+".
 * - SUBJECT_COMPACT: date is "YYYY-MM-DD", or "MM-DD" when written without
 *   a year; company is the registered short name as given in the spec;
 *   business is NULL when no keyword is there (Jing'an's education files,
 *   日期+简称+人名): the caller decides what that means.  A short name not
 *   registered, or no name left, is ok == 0.
 * - SUBJECT_FREE: only clean is set; ok is 1 even for an empty subject.
 */
int	 subject_parse(const char *subject, const struct subject_spec *,
	    struct subject_parse *out);
void	 subject_parse_free(struct subject_parse *);

/* A file name ready for subject_parse (Jing'an names files like mail):
 * the extension (1-5 ASCII letters/digits after the last dot, at least
 * one letter) and trailing copy indices ("-1", "_2", "(1)", "（1）", "[1]",
 * "—1", a bare 1-2 digits right after CJK text, "副本") removed; malloc'd.
 * "20260315积分新办平安人寿张三（1）.pdf" → "20260315积分新办平安人寿张三". */
char	*subject_strip_ext_index(const char *file_name);

/* Reply and forward prefixes removed ("Re: 回复：Fw: x" → "x"); malloc'd. */
char	*subject_strip_prefixes(const char *);
/* Full-width ASCII forms to half-width, every dash form to "—", 【】 and
 * [] to 【】, （）to (), ＋ to +, spaces around separators dropped;
 * malloc'd.  Used on subjects and on file names before matching. */
char	*subject_normalize(const char *);
/* "3", "三", "两", "十二", "二十一" → the number; -1 if not a number. */
int	 subject_cn_number(const char *);

#endif
