/*
 * fields.h — fields a person writes in a mail body (UTF-8 text): name,
 * ID number, phone.  Tolerant of how people write them: "姓名：张三",
 * "姓 名: 张三", "身份证号码为310…", full-width digits and colons, several
 * fields on one line ("姓名：张三  电话：138…", "姓名：张三，身份证：…").
 *
 * Everything returned is malloc'd and the caller's to free(); NULL means
 * not found.
 */
#ifndef INTAKE_FIELDS_H
#define INTAKE_FIELDS_H

#include <stddef.h>

/*
 * The value after the first of labels found in text order: the label
 * (spaces between its characters allowed, ASCII case ignored, an extra
 * 号/码/号码 after it allowed), then ":" "：" "为" "是" "=" or spaces, then
 * the value up to the end of the line, a ，,;；| or the next known label.
 * A label right after another CJK character does not count ("联系人姓名"
 * is not "姓名"), so list compound labels you want.  Full-width forms are
 * read as ASCII in the value ("１３８" → "138").
 */
char	*fields_labeled(const char *text, const char *const *labels,
	    size_t n_labels);

/*
 * The first phone number in text: a mobile (1[3-9] and 9 more digits,
 * spaces or dashes anywhere, +86/0086 before it) → "13812345678"; a
 * landline with area code (021-12345678, (021)12345678, 02112345678,
 * 0571-8765432) → "021-12345678"; a bare 7-8 digit number only on a line
 * that says 电话/座机/Tel.  Digits next to ASCII letters (an ID's X) or
 * inside a longer number (an ID number) are not phones.
 */
char	*fields_phone(const char *text);

/* The ID number: the value of an ID label (身份证号码, 证件号码 ...) with
 * spaces dropped and x → X, else the first 18-character ID-shaped token
 * (17 digits and a digit or X) in the text.  Not validated: see
 * idnumber_check(). */
char	*fields_id_number(const char *text);

struct fields {
	char	*name;		/* 姓名 / 申请人姓名 ..., up to a space or ( */
	char	*id_number;	/* fields_id_number() */
	char	*phone;		/* a phone label's value, else anywhere */
};

/* Fills out; returns how many of the three were found (0-3). */
int	 fields_read(const char *text, struct fields *out);
void	 fields_free(struct fields *);

#endif
