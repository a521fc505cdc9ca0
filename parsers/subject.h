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

int	 subject_parse(const char *subject, const struct subject_spec *,
	    struct subject_parse *out);
void	 subject_parse_free(struct subject_parse *);

/* Reply and forward prefixes removed ("Re: 回复：Fw: x" → "x"); malloc'd. */
char	*subject_strip_prefixes(const char *);
/* Full-width ASCII forms to half-width, every dash form to "—", 【】 and
 * [] to 【】, （）to (), ＋ to +, spaces around separators dropped;
 * malloc'd.  Used on subjects and on file names before matching. */
char	*subject_normalize(const char *);
/* "3", "三", "两", "十二", "二十一" → the number; -1 if not a number. */
int	 subject_cn_number(const char *);

#endif
