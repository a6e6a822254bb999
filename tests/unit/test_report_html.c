/* test_report_html.c: the HTML report of a real check.
 *
 * Three cases of the catalog are copied into a scratch root and checked under
 * every tool: threads/shared-counter with a race injected into its safe twin
 * (and markup written into its header and the racing line), so that the page
 * has a failure, highlighted source and hostile text;
 * locking/lock-order-inversion, which has n/a cells; locking/double-unlock,
 * which the static tools catch. The page is parsed with expat: it must be
 * well-formed, load nothing (no script, no src, every href a fragment that
 * resolves on the page, the CSP in place), show every program and its cells
 * with the terminal's text, quote the racing line, and render markup from
 * the catalog and the tools as text. Writing it twice gives the same bytes.
 * (tests/html-report.sh renders racelab's own page in Chromium.) */
#define _GNU_SOURCE
#include <dirent.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "html.h"
#include "report.h"
#include "test.h"
#include "util.h"

#define HOSTILE_BUG     "<script>alert('bug')</script> & "
#define HOSTILE_SOURCE  "/* </div><script>alert(\"src\")</script> & the injected race */"
#define HOSTILE_MESSAGE "<img src=x onerror=alert(1)> \x1b[31m \xff\xfe"

static const char *const case_ids[] = {"threads/shared-counter", "locking/lock-order-inversion",
                                       "locking/double-unlock"};

static struct check_report report;
static bool have_report;
static char *scratch_root;

/* Copy the file at `rel` (relative to the repository) to root/rel, if it exists. */
static int copy_into(const char *root, const char *rel)
{
    char *text, *to = xasprintf("%s/%s", root, rel);
    size_t len;
    int rc = 0;
    if (read_file(rel, &text, &len) == 0) {
        char *dir = xstrdup(to);
        *strrchr(dir, '/') = '\0';
        rc = mkdir_p(dir) == 0 && write_file(to, text, len) == 0 ? 0 : -1;
        free(dir);
        free(text);
    }
    free(to);
    return rc;
}

/* Insert `text` before the first `marker` in root/rel. */
static int insert_before(const char *root, const char *rel, const char *marker, const char *text)
{
    char *path = xasprintf("%s/%s", root, rel), *old = NULL;
    int rc = -1;
    const char *at;
    if (read_file(path, &old, NULL) == 0 && (at = strstr(old, marker))) {
        char *edited = xasprintf("%.*s%s%s", (int)(at - old), old, text, at);
        rc = write_file(path, edited, strlen(edited));
        free(edited);
    }
    free(old);
    free(path);
    return rc;
}

static bool quick(void)
{
    const char *sel = getenv("RACELAB_TEST_SELECTION");
    return sel && strcmp(sel, "quick") == 0;
}

/* Suite set-up: the scratch catalog, checked once for every test. */
static int make_report(void)
{
    char tmpl[] = "/tmp/racelab-html-XXXXXX";
    if (!mkdtemp(tmpl))
        return -1;
    scratch_root = xstrdup(tmpl);
    static const char *const dirs[] = {"cases/%s.c", "safe/%s.c", "rust/cases/%s.rs",
                                       "rust/safe/%s.rs"};
    for (size_t c = 0; c < sizeof case_ids / sizeof *case_ids; c++)
        for (size_t d = 0; d < 4; d++) {
            char *rel = xasprintf(dirs[d], case_ids[c]);
            int rc = copy_into(scratch_root, rel);
            free(rel);
            if (rc < 0)
                return -1;
        }
    if (test_copy_headers(scratch_root) < 0)
        return -1;
    /* Two benchmark charts, as `make bench` publishes them: the page links them. */
    static const char *const charts[] = {"docs/bench/fib.svg", "docs/bench/racelab.svg"};
    for (size_t i = 0; i < sizeof charts / sizeof *charts; i++) {
        char *path = xasprintf("%s/%s", scratch_root, charts[i]), *dir = xstrdup(path);
        *strrchr(dir, '/') = '\0';
        int rc = mkdir_p(dir) < 0 || write_file(path, "<svg/>\n", 7) < 0 ? -1 : 0;
        free(dir);
        free(path);
        if (rc < 0)
            return -1;
    }
    static const char racer[] = "static long injected;\n"
                                "static void *racer(void *arg)\n"
                                "{\n"
                                "    injected++; " HOSTILE_SOURCE "\n"
                                "    return arg;\n"
                                "}\n"
                                "__attribute__((constructor)) static void start_racer(void)\n"
                                "{\n"
                                "    pthread_t t;\n"
                                "    pthread_create(&t, NULL, racer, NULL);\n"
                                "    injected++;\n"
                                "    pthread_join(t, NULL);\n"
                                "}\n\n";
    if (insert_before(scratch_root, "safe/threads/shared-counter.c", "int main(", racer) < 0 ||
        insert_before(scratch_root, "cases/threads/shared-counter.c", "Two threads add",
                      HOSTILE_BUG) < 0)
        return -1;
    struct check_options o = {.root = scratch_root,
                              .build_dir = "build/test-html",
                              .shim_dir = "build/shim",
                              .runs = 1,
                              .jobs = 2,
                              .variants = {true, true}};
    /* The sanitizer runners: the same page from fewer tools. */
    if (quick())
        o.tools = (1u << TOOL_TSAN) | (1u << TOOL_DRD) | (1u << TOOL_TSA);
    char *err = NULL;
    if (check_run(&o, &report, &err) < 0) {
        fprintf(stderr, "\nreport: html: %s\n", err);
        free(err);
        return -1;
    }
    have_report = true;
    for (size_t r = 0; r < report.nrows; r++) {
        struct judgement *j = &report.rows[r].judged[TOOL_TSAN];
        if (report.rows[r].variant == VARIANT_SAFE && j->findings.len) {
            /* A tool's own words can hold anything: markup, escapes, bytes that are not UTF-8. */
            free(j->findings.items[0].message);
            j->findings.items[0].message = xstrdup(HOSTILE_MESSAGE);
        } else if (j->findings.len) {
            /* As if the baseline had taken out a second copy of the bug (filters come later). */
            finding_list_append_copy(&j->filtered, &j->findings.items[0]);
            j->filtered.items[0].filtered_by = FILTER_BASELINE;
            free(j->filtered.items[0].message);
            j->filtered.items[0].message = xstrdup("the baselined finding");
        }
    }
    return 0;
}

static int free_report(void)
{
    if (have_report)
        check_report_free(&report);
    if (scratch_root)
        remove_tree(scratch_root);
    free(scratch_root);
    return 0;
}

static char *render_report(const struct check_report *rep, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(report_html_write(f, rep), 0);
    fclose(f);
    return buf;
}

static char *render(size_t *len)
{
    return render_report(&report, len);
}

struct strlist {
    char **v;
    size_t n;
};

static void strlist_add(struct strlist *l, char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = s;
}

static bool strlist_has(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* What the parse collects from the page. */
struct page {
    struct strlist ids, hrefs, rows, cells, hits, loaders;
    char *csp;
    struct strbuf text, style;
    char *row;           /* "case variant" of the matrix row being read */
    struct strbuf *into; /* where character data goes besides `text` */
    struct strbuf cell, hit;
    bool in_style;
};

static const char *attr(const XML_Char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct page *pg = ud;
    static const char *const loading[] = {"script", "img",   "iframe", "object", "embed",
                                          "link",   "base",  "frame",  "video",  "audio",
                                          "source", "track", "form",   "svg",    "image"};
    for (size_t i = 0; i < sizeof loading / sizeof *loading; i++)
        if (strcmp(name, loading[i]) == 0)
            strlist_add(&pg->loaders, xstrdup(name));
    if (attr(atts, "src") || attr(atts, "srcset") || attr(atts, "action"))
        strlist_add(&pg->loaders, xasprintf("%s with a src", name));
    for (int i = 0; atts[i]; i += 2)
        if (strncmp(atts[i], "on", 2) == 0) /* onclick, onerror, ... */
            strlist_add(&pg->loaders, xasprintf("%s %s", name, atts[i]));
    const char *id = attr(atts, "id"), *href = attr(atts, "href"), *cls = attr(atts, "class");
    if (id)
        strlist_add(&pg->ids, xstrdup(id));
    if (href)
        strlist_add(&pg->hrefs, xstrdup(href));
    if (strcmp(name, "meta") == 0 && attr(atts, "http-equiv") &&
        strcmp(attr(atts, "http-equiv"), "Content-Security-Policy") == 0)
        pg->csp = xstrdup(attr(atts, "content"));
    pg->in_style = strcmp(name, "style") == 0;
    if (strcmp(name, "tr") == 0 && attr(atts, "data-case")) {
        free(pg->row);
        pg->row = xasprintf("%s %s", attr(atts, "data-case"), attr(atts, "data-variant"));
        strlist_add(&pg->rows, xstrdup(pg->row));
    }
    static const char *const verdicts[] = {"pass", "fail", "na", "skip"};
    for (size_t v = 0; pg->row && strcmp(name, "td") == 0 && cls && v < 4; v++)
        if (strcmp(cls, verdicts[v]) == 0) {
            strbuf_addf(&pg->cell, "%s %s ", pg->row, cls);
            pg->into = &pg->cell;
        }
    if (strcmp(name, "div") == 0 && cls && strcmp(cls, "l hit") == 0)
        pg->into = &pg->hit;
}

static void on_end(void *ud, const XML_Char *name)
{
    struct page *pg = ud;
    pg->in_style = false;
    if (strcmp(name, "tr") == 0) {
        free(pg->row);
        pg->row = NULL;
    }
    if (pg->into && (strcmp(name, "td") == 0 || strcmp(name, "div") == 0)) {
        strlist_add(pg->into == &pg->cell ? &pg->cells : &pg->hits, strbuf_detach(pg->into));
        pg->into = NULL;
    }
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct page *pg = ud;
    strbuf_add(pg->in_style ? &pg->style : &pg->text, s, (size_t)len);
    if (pg->into)
        strbuf_add(pg->into, s, (size_t)len);
}

/* Parse the page (its <!DOCTYPE html> is a valid XML doctype). */
static bool parse_page(const char *html, size_t len, struct page *pg)
{
    memset(pg, 0, sizeof *pg);
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, pg);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    bool ok = XML_Parse(p, html, (int)len, 1) == XML_STATUS_OK;
    if (!ok)
        fprintf(stderr, "\n  not well-formed: line %lu: %s\n",
                (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    return ok;
}

static void page_free(struct page *pg)
{
    struct strlist *lists[] = {&pg->ids,   &pg->hrefs, &pg->rows,
                               &pg->cells, &pg->hits,  &pg->loaders};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        strlist_free(lists[i]);
    free(pg->csp);
    free(pg->row);
    strbuf_release(&pg->text);
    strbuf_release(&pg->style);
    strbuf_release(&pg->cell);
    strbuf_release(&pg->hit);
}

static const struct check_row *find_row(const char *id, enum variant v)
{
    for (size_t r = 0; r < report.nrows; r++)
        if (strcmp(report.rows[r].c->id, id) == 0 && report.rows[r].variant == v)
            return &report.rows[r];
    CU_FAIL_FATAL("row not in the report");
    return NULL;
}

/* The report itself is what the tests expect: a failure, n/a, static findings. */
static void test_the_report(void)
{
    CU_ASSERT_EQUAL_FATAL(report.nrows, 6);
    const struct check_row *row = find_row("threads/shared-counter", VARIANT_SAFE);
    CU_ASSERT_EQUAL(row->judged[TOOL_TSAN].verdict, VERDICT_FAIL);
    CU_ASSERT_EQUAL(check_exit_status(&report), 1);
    row = find_row("locking/lock-order-inversion", VARIANT_UNSAFE);
    CU_ASSERT_EQUAL(row->judged[TOOL_DRD].verdict, VERDICT_NA);
    if (!quick())
        CU_ASSERT(find_row("locking/double-unlock", VARIANT_UNSAFE)->judged[TOOL_TSA].findings.len);
}

static void test_well_formed_and_self_contained(void)
{
    size_t len;
    char *html = render(&len);
    CU_ASSERT(str_starts_with(html, "<!DOCTYPE html>\n<html lang=\"en\">"));
    struct page pg;
    CU_ASSERT_FATAL(parse_page(html, len, &pg));
    for (size_t i = 0; i < pg.loaders.n; i++)
        fprintf(stderr, "\n  loads or runs something: %s\n", pg.loaders.v[i]);
    CU_ASSERT_EQUAL(pg.loaders.n, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pg.csp);
    CU_ASSERT_STRING_EQUAL(pg.csp, "default-src 'none'; style-src 'unsafe-inline'");
    /* Every link is a fragment of this page, and its target is here, or one
     * of the benchmark charts committed in docs/bench/ (a link: nothing loads). */
    CU_ASSERT(pg.hrefs.n > 10);
    size_t charts = 0;
    for (size_t i = 0; i < pg.hrefs.n; i++) {
        const char *h = pg.hrefs.v[i];
        bool chart = str_starts_with(h, "file://") && strstr(h, "/docs/bench/") &&
                     str_ends_with(h, ".svg") && access(h + strlen("file://"), R_OK) == 0;
        charts += chart;
        bool ok = (h[0] == '#' && strlist_has(&pg.ids, h + 1)) || chart;
        if (!ok)
            fprintf(stderr, "\n  href \"%s\" is not a fragment of this page\n", h);
        CU_ASSERT(ok);
    }
    /* The charts section lists every chart there is, and is there only then. */
    struct dirent **names;
    char *bench = xasprintf("%s/docs/bench", report.catalog.root);
    int nsvg = scandir(bench, &names, NULL, alphasort), svgs = 0;
    free(bench);
    for (int i = 0; i < nsvg; i++) {
        svgs += str_ends_with(names[i]->d_name, ".svg");
        free(names[i]);
    }
    if (nsvg >= 0)
        free(names);
    CU_ASSERT_EQUAL(svgs, 2);
    CU_ASSERT_EQUAL(charts, (size_t)svgs);
    CU_ASSERT_EQUAL(strlist_has(&pg.ids, "charts"), svgs > 0);
    CU_ASSERT_PTR_NULL(strstr(html, "http://"));
    CU_ASSERT_PTR_NULL(strstr(html, "https://"));
    CU_ASSERT_PTR_NULL(strstr(pg.style.buf, "url("));
    CU_ASSERT_PTR_NULL(strstr(pg.style.buf, "@import"));
    /* Ids are unique. */
    for (size_t i = 0; i < pg.ids.n; i++)
        for (size_t k = i + 1; k < pg.ids.n; k++)
            CU_ASSERT(strcmp(pg.ids.v[i], pg.ids.v[k]) != 0);
    page_free(&pg);
    free(html);
}

/* Every program is a matrix row and every case a section; each cell has the
 * terminal's text and the class of its verdict. */
static void test_every_case_and_cell(void)
{
    size_t len;
    char *html = render(&len);
    struct page pg;
    CU_ASSERT_FATAL(parse_page(html, len, &pg));
    CU_ASSERT_EQUAL(pg.rows.n, report.nrows);
    size_t ntools = 0;
    for (int t = 0; t < TOOL__COUNT; t++)
        ntools += (report.tools >> t) & 1;
    CU_ASSERT_EQUAL(pg.cells.n, report.nrows * ntools);
    for (size_t r = 0; r < report.nrows; r++) {
        const struct check_row *row = &report.rows[r];
        char *key = xasprintf("%s %s", row->c->id, variant_name(row->variant));
        CU_ASSERT(strlist_has(&pg.rows, key));
        char *section = xasprintf("case-%s", row->c->id);
        *strchr(section, '/') = '_';
        CU_ASSERT(strlist_has(&pg.ids, section));
        for (int t = 0; t < TOOL__COUNT; t++) {
            const struct judgement *j = &row->judged[t];
            if (!(report.tools & (1u << t)) || j->verdict == VERDICT_NA)
                continue;
            struct strbuf want = STRBUF_INIT;
            static const char *const cls[] = {"pass", "fail", "na", "skip"};
            strbuf_addf(&want, "%s %s ", key, cls[j->verdict]);
            report_format_cell(&want, j, 0);
            if (!strlist_has(&pg.cells, want.buf))
                fprintf(stderr, "\n  no cell \"%s\"\n", want.buf);
            CU_ASSERT(strlist_has(&pg.cells, want.buf));
            strbuf_release(&want);
        }
        free(section);
        free(key);
    }
    CU_ASSERT(strlist_has(&pg.cells, "threads/shared-counter safe fail FAIL 1/1"));
    CU_ASSERT(strlist_has(&pg.cells, "locking/lock-order-inversion unsafe na n/a [1]"));
    CU_ASSERT(strlist_has(&pg.ids, "na-1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "DRD has no lock-order checker"));
    /* The earliest catch of a buggy row, as the terminal says it. */
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "C: detector (tsan"));
    page_free(&pg);
    free(html);
}

/* The racing lines are quoted and highlighted, and every hostile string is
 * text on the page: present as characters, never as markup. */
static void test_source_and_escaping(void)
{
    size_t len;
    char *html = render(&len);
    struct page pg;
    CU_ASSERT_FATAL(parse_page(html, len, &pg));
    bool racing_line = false;
    for (size_t i = 0; i < pg.hits.n; i++)
        racing_line |= strstr(pg.hits.v[i], "injected++; " HOSTILE_SOURCE) != NULL;
    CU_ASSERT(racing_line);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, HOSTILE_BUG));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "<img src=x onerror=alert(1)> \xE2\x90\x9B[31m "
                                               "\xEF\xBF\xBD\xEF\xBF\xBD"));
    CU_ASSERT_PTR_NULL(strstr(html, "<script"));
    CU_ASSERT_PTR_NULL(strstr(html, "<img"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;script&gt;alert(&#39;bug&#39;)&lt;/script&gt; &amp;"));
    /* The story from the headers: the bug, the fix, the twin's discipline. */
    const struct rl_case *c = find_row("locking/double-unlock", VARIANT_SAFE)->c;
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "The safe twin's discipline"));
    char *fix =
        xstrndup(c->variants[VARIANT_UNSAFE].fix, strcspn(c->variants[VARIANT_UNSAFE].fix, "`"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, fix));
    free(fix);
    page_free(&pg);
    free(html);
}

/* A finding the baseline or a suppression took out is on the page, marked. */
static void test_filtered_findings(void)
{
    size_t len;
    char *html = render(&len);
    const char *at = strstr(html, "the baselined finding");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    const char *start = at;
    while (start > html && strncmp(start, "<div class=\"finding", 19) != 0)
        start--;
    CU_ASSERT(str_starts_with(start, "<div class=\"finding filtered\">\n<p><span class=\"badge "
                                     "filtered\">baselined</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "1 finding, 1 filtered"));
    free(html);
}

/* A run that failed without a finding (a hang, a crash): the end of what it
 * printed is on the page. A report made by hand: no tool fails on demand. */
static void test_run_without_findings(void)
{
    struct strbuf err = STRBUF_INIT;
    for (int i = 1; i <= 30; i++)
        strbuf_addf(&err, "line %d%s\n", i, i == 30 ? " <b>" : "");
    struct run_outcome run = {.status = RUN_TIMEOUT,
                              .detail = "timeout after 3 s (possible deadlock)",
                              .err = err.buf,
                              .elapsed_s = 3};
    struct rl_case c = {.id = "threads/hang", .family = "threads", .name = "hang"};
    c.variants[VARIANT_SAFE].path = "safe/threads/hang.c";
    struct check_row row = {.c = &c, .variant = VARIANT_SAFE, .prog = &c.variants[VARIANT_SAFE]};
    row.judged[TOOL_TSAN] = (struct judgement){
        .verdict = VERDICT_FAIL, .reason = "timeout (possible deadlock) in 1/1 runs", .runs = 1};
    row.outcomes[TOOL_TSAN] = &run;
    row.nruns[TOOL_TSAN] = 1;
    struct check_report rep = {.catalog = {.root = "/nonexistent"},
                               .rows = &row,
                               .nrows = 1,
                               .tools = 1u << TOOL_TSAN,
                               .runs = 1,
                               .fail = 1};
    size_t len;
    char *html = render_report(&rep, &len);
    struct page pg;
    CU_ASSERT(parse_page(html, len, &pg));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "run 1: timeout after 3 s (possible deadlock)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "...\nline 11\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg.text.buf, "line 30 <b>\n"));
    CU_ASSERT_PTR_NULL(strstr(pg.text.buf, "line 10\n"));
    page_free(&pg);
    free(html);
    strbuf_release(&err);
}

/* Same report, same bytes; a write that fails is reported. */
static void test_deterministic_and_errors(void)
{
    size_t len1, len2;
    char *a = render(&len1), *b = render(&len2);
    CU_ASSERT_EQUAL(len1, len2);
    CU_ASSERT(len1 == len2 && memcmp(a, b, len1) == 0);
    free(a);
    free(b);
    FILE *full = fopen("/dev/full", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(full);
    CU_ASSERT_EQUAL(report_html_write(full, &report), -1);
    fclose(full);
}

/* What html.c wrote for one input. */
static char *written(void (*write)(FILE *, const char *), const char *in)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    write(f, in);
    fclose(f);
    return buf;
}

static void expect_written(void (*write)(FILE *, const char *), const char *in, const char *want)
{
    char *got = written(write, in);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n  wrote \"%s\", expected \"%s\"\n", got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

static void write_id(FILE *f, const char *s)
{
    html_id(f, "case-", s);
}

static void write_first_4(FILE *f, const char *s)
{
    html_textn(f, s, 4);
}

#define FFFD "\xEF\xBF\xBD"

/* Markup, control characters and bytes that are not UTF-8 (or not XML
 * characters) never reach the page as they are. */
static void test_html_text(void)
{
    expect_written(html_text, "a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;");
    expect_written(html_text, "x\r\ny\tz", "x\ny\tz");
    expect_written(html_text, "\x01\x1b\x7f", "\xE2\x90\x81\xE2\x90\x9B\xE2\x90\xA1");
    expect_written(html_text, "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                   "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");           /* é € and an emoji */
    expect_written(html_text, "\xC0\xAF", FFFD FFFD);                   /* overlong '/' */
    expect_written(html_text, "\xED\xA0\x80", FFFD FFFD FFFD);          /* a surrogate */
    expect_written(html_text, "\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* above U+10FFFF */
    expect_written(html_text, "\xC2\x85|\xEF\xBF\xBE", FFFD "|" FFFD);  /* C1 NEL, U+FFFE */
    expect_written(html_text, "ab\xE2\x82", "ab" FFFD FFFD);            /* cut short */
    expect_written(write_first_4, "abc<def", "abc&lt;");
    expect_written(write_first_4, "ab\xE2\x82\xAC", "ab" FFFD FFFD); /* cut inside a character */
    expect_written(write_id, "threads/x y\"<", "case-threads_x_y__");
    expect_written(html_prose, "use `a<b` and `c", "use <code>a&lt;b</code> and `c");
}

int register_report_html_tests(void)
{
    CU_pSuite e = CU_add_suite("report: html, no tools", NULL, NULL);
    if (!e || !CU_add_test(e, "markup, controls, invalid UTF-8", test_html_text) ||
        !CU_add_test(e, "a failed run without findings", test_run_without_findings))
        return -1;
    CU_pSuite s = CU_add_suite("report: html", make_report, free_report);
    if (!s ||
        !CU_add_test(s, "the report: a failure, n/a cells, static findings", test_the_report) ||
        !CU_add_test(s, "well-formed, loads nothing", test_well_formed_and_self_contained) ||
        !CU_add_test(s, "every case and cell, the terminal's text", test_every_case_and_cell) ||
        !CU_add_test(s, "source excerpts, hostile text escaped", test_source_and_escaping) ||
        !CU_add_test(s, "filtered findings, marked", test_filtered_findings) ||
        !CU_add_test(s, "deterministic, write errors", test_deterministic_and_errors))
        return -1;
    return 0;
}
