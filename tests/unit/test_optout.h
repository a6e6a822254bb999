/* test_optout.h: the helpers test_optout.c gives test_optout_object.c (one
 * CUnit suite, "optout", over two files). */
#ifndef RACELAB_TEST_OPTOUT_H
#define RACELAB_TEST_OPTOUT_H

#include <CUnit/CUnit.h>
#include <stdbool.h>

#include "optout.h"

/* The suite's scratch directory (the programs are written there). */
const char *ot_dir(void);
/* Write text to ot_dir()/name and scan it (the name is what messages show);
 * a scan error fails the test. ot_scan_text names it "student.c". */
struct refusal_list ot_scan(const char *name, const char *text, unsigned allow, unsigned *facts,
                            bool openmp);
struct refusal_list ot_scan_text(const char *text, unsigned allow, unsigned *facts);
/* The line of text holding mark, or 0. */
int ot_line(const char *text, const char *mark);
/* Is there a refusal of what at the line of mark (mark NULL: any line)? */
bool ot_refused(const struct refusal_list *l, const char *text, const char *mark, const char *what);
/* Free a scan's refusals, printing them first when an assertion failed since the last call. */
void ot_finish(struct refusal_list *l);

/* test_optout_object.c's tests, added to the suite. */
int add_optout_object_tests(CU_pSuite s);

#endif
