/* output.c: see output.h. */
#include "output.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "util.h"

static const struct {
    const char *name;
    int (*write)(FILE *out, const struct check_report *rep); /* NULL: the streaming text */
} formats[] = {
    {"text", NULL},
    {"json", report_json_write},
    {"sarif", report_sarif_write},
    {"junit", report_junit_write},
    {"github", report_github_write},
    {"diagnostics", report_diagnostics_write},
    {"html", report_html_write},
};

const char report_format_names[] = "text, json, sarif, junit, github, diagnostics, html";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("racelab: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nrun 'racelab --help' for usage\n", stderr);
    va_end(ap);
    return 2;
}

void outputs_init(struct report_outputs *o)
{
    memset(o, 0, sizeof *o);
    o->text_index = -1;
}

static int format_index(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(formats[i].name, name) == 0)
            return (int)i;
    return -1;
}

int outputs_add_format(struct report_outputs *o, const char *format)
{
    if (format_index(format) < 0)
        return usage("--format must be one of %s, not '%s'", report_format_names, format);
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->items[i].format, format) == 0)
            return usage("--format %s given twice", format);
    if (o->n == MAX_OUTPUTS)
        return usage("at most %d --format options", MAX_OUTPUTS);
    o->items[o->n++] = (struct report_output){.format = format};
    return 0;
}

int outputs_add_path(struct report_outputs *o, const char *path)
{
    if (o->n == 0 && outputs_add_format(o, "text") != 0)
        return 2;
    struct report_output *last = &o->items[o->n - 1];
    if (last->path)
        return usage("--output given twice for --format %s (each --output follows its --format)",
                     last->format);
    last->path = path;
    return 0;
}

int outputs_open(struct report_outputs *o, struct check_options *opts)
{
    if (o->n == 0)
        outputs_add_format(o, "text");
    int on_stdout = -1;
    for (size_t i = 0; i < o->n; i++) {
        struct report_output *r = &o->items[i];
        /* GitHub reads workflow commands from the step's stdout: they may
         * follow another report there (written last). */
        bool shares = strcmp(r->format, "github") == 0;
        if (!r->path && shares) {
            r->file = stdout;
        } else if (!r->path) {
            if (on_stdout >= 0)
                return usage("--format %s and --format %s would both write to stdout: give one "
                             "an --output FILE",
                             o->items[on_stdout].format, r->format);
            on_stdout = (int)i;
            r->file = stdout;
        } else if (!(r->file = fopen(r->path, "w"))) {
            fprintf(stderr, "racelab: %s: %s\n", r->path, strerror(errno));
            outputs_close(o);
            return 2;
        }
        if (strcmp(r->format, "text") == 0) {
            o->text_index = (int)i;
            text_report_init(&o->text, r->file, report_use_color(r->file),
                             o->wide ? 0 : output_width(r->file));
            /* A new baseline re-judges every row once the runs are done:
             * streamed, the rows would show the verdicts before it. */
            o->text_deferred = opts->gate.update_baseline != NULL;
            if (!o->text_deferred) {
                opts->on_row = text_report_row;
                opts->ctx = &o->text;
            }
        }
    }
    return 0;
}

int outputs_finish(struct report_outputs *o, const struct check_report *rep)
{
    int rc = 0;
    bool text_on_stdout = false;
    /* Two passes: GitHub's workflow commands last, after anything they share stdout with. */
    for (size_t k = 0; k < 2 * o->n; k++) {
        size_t i = k % o->n;
        struct report_output *r = &o->items[i];
        if ((k < o->n) == (strcmp(r->format, "github") == 0))
            continue;
        int f = format_index(r->format);
        if ((int)i == o->text_index) {
            for (size_t row = 0; o->text_deferred && row < rep->nrows; row++)
                text_report_row(&o->text, rep, row);
            text_report_summary(&o->text, rep);
        } else if (formats[f].write(r->file, rep) < 0)
            rc = 2;
        if (r->file == stdout)
            text_on_stdout = (int)i == o->text_index;
        if (r->file != stdout && fflush(r->file) != 0) {
            fprintf(stderr, "racelab: %s: %s\n", r->path, strerror(errno));
            rc = 2;
        }
    }
    /* Nothing readable on the terminal: one line that says how it went. */
    if (!text_on_stdout)
        fprintf(stderr, "racelab: %d pass, %d fail, %d n/a\n", rep->pass, rep->fail, rep->na);
    for (size_t i = 0; i < o->n; i++)
        if (o->items[i].path && !text_on_stdout)
            fprintf(stderr, "racelab: %s report in %s\n", o->items[i].format, o->items[i].path);
    outputs_close(o);
    return rc;
}

void outputs_close(struct report_outputs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        struct report_output *r = &o->items[i];
        if (r->file && r->file != stdout && fclose(r->file) != 0) {
            fprintf(stderr, "racelab: %s: %s\n", r->path, strerror(errno));
        }
        r->file = NULL;
    }
    if (o->text_index >= 0)
        text_report_free(&o->text);
    o->text_index = -1;
}
