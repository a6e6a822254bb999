/* catalog_page.h: `racelab list`, the catalog from its headers alone: as
 * text for a terminal, or as the Markdown page checked in as docs/catalog.md
 * (a test fails when that page is stale). */
#ifndef RACELAB_CATALOG_PAGE_H
#define RACELAB_CATALOG_PAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "case.h"
#include "util.h"

/* "clean", "n/a", "data-race, wrong-result", "rejected E0373, E0502",
 * "compiles: wrong-result", "-" (no expectation). */
void expectation_format(struct strbuf *sb, const struct expectation *ex, enum tool_id tool);

void catalog_list_text(FILE *out, const struct catalog *cat, const bool *selected, int width);
void catalog_list_markdown(FILE *out, const struct catalog *cat, const bool *selected);
/* The summary tables, from the headers: per tool, the buggy programs it
 * catches; per stage, the earliest point each bug is caught in C and in
 * Rust; and the annotations the safe twins needed. The README carries them
 * (`racelab list --format summary`), and so does the page. */
void catalog_summary_markdown(FILE *out, const struct catalog *cat, const bool *selected);

#endif
