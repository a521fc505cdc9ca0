/*
 * labels.h — the short Chinese words staff read for a problem code, in
 * the report and the statistics (张三：缺劳动合同, 标题格式不符).  The
 * strings are static.
 */
#ifndef INTAKE_LABELS_H
#define INTAKE_LABELS_H

/* "item-missing" → "缺材料"; NULL for an unknown code. */
const char *labels_problem(const char *code);

#endif
