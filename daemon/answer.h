/*
 * answer.h — the reply a center's staff would write, from the verdict and
 * the center's templates: a receipt listing every person and file, a
 * rejection listing every problem with the correct subject line filled in
 * with the sender's own company and names, or a review notice naming what
 * is unclear.  Simplified Chinese; the wording is data (schemas/centers).
 */
#ifndef INTAKE_ANSWER_H
#define INTAKE_ANSWER_H

#include "judge.h"
#include "rules.h"
#include "subject.h"

/* Sets j->verdict->reply (replacing any) unless the status is ignored.
 * sp is what was read of the subject; short_name the company's registered
 * short name (Jing'an) or NULL. */
void	answer_write(struct judgment *j, const struct judge_ctx *ctx,
	    const struct subject_parse *sp, const char *short_name);

/* What answer_fill needs besides the verdict. */
struct answer_in {
	const struct judge_ctx *ctx;	/* center, rules, receipt */
	const char	*date;		/* the subject's date, or NULL: today */
	const char	*short_name;	/* company short name, or NULL */
	const char	*body_text;	/* the mail's body (company guess) */
	const char	*references;	/* the sender's References */
	const char	*tpl;		/* NULL: the template for v->status */
	const char	*problems;	/* NULL: v's problems as a list */
	const char	*tag;		/* reply subject prefix; NULL: by status */
};
/* The reply for v (replacing any), from in; nothing when ignored. */
void	answer_fill(struct verdict *v, const struct answer_in *in);

/* The center's mail businesses in words: "积分新办、积分续办"; malloc'd. */
char	*answer_business_list(const struct rules *,
	    const struct rules_center *);

/* A company name found in text: the words before the first 公司, 集团,
 * 事务所, 研究院, 医院 or 银行 back to a space or punctuation; malloc'd,
 * NULL when none. */
char	*answer_guess_company(const char *text);

#endif
