/* cli.c: what the commands (cmd_*.c) share: their usage errors, the options
 * check and run have in common, and the engine-and-reports step every
 * checking command ends with. */
#define _GNU_SOURCE
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "util.h"

int usage_error(const char *fmt, const char *arg)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, fmt, arg);
    command_fail("%s", sb.buf);
    strbuf_release(&sb);
    return 2;
}

int parse_runs(const char *s, int *runs)
{
    return parse_positive(s, "--runs needs a number from 1 to 1000, not '%s'", 1000, runs);
}

int parse_jobs(const char *s, int *jobs)
{
    return parse_positive(s, "-j needs a number from 1 to 256, not '%s'", 256, jobs);
}

int parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10), b = 0;
    if (end != s && *end == '/')
        b = strtol(end + 1, &end, 10);
    if (*end || a < 1 || b < 1 || a > b || b > 1000)
        return usage_error("--shard needs K/N with 1 <= K <= N <= 1000 (e.g. 2/4), not '%s'", s);
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int parse_tools(const char *list, unsigned *tools)
{
    *tools = 0;
    char *copy = xstrdup(list), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "all") == 0) {
            *tools = (1u << TOOL__COUNT) - 1;
            continue;
        }
        if (tool_group(t)) {
            *tools |= tool_group(t);
            continue;
        }
        int id = tool_from_name(t);
        if (id < 0) {
            struct strbuf fmt = STRBUF_INIT;
            strbuf_adds(&fmt, "unknown tool '%s' (tools: ");
            for (int u = 0; u < TOOL__COUNT; u++)
                strbuf_addf(&fmt, "%s%s", u ? ", " : "", tool_name((enum tool_id)u));
            strbuf_adds(&fmt, "; groups: static, dynamic, all)");
            rc = usage_error(fmt.buf, t);
            strbuf_release(&fmt);
            break;
        }
        *tools |= 1u << id;
    }
    free(copy);
    return rc ? rc : (*tools ? 0 : usage_error("--tools needs at least one tool%s", ""));
}

int parse_positive(const char *s, const char *what, int max, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 1 || v > max)
        return usage_error(what, s);
    *out = (int)v;
    return 0;
}

int shared_option(int c, const char *arg, struct check_options *o, struct report_outputs *outs,
                  struct gate *g)
{
    switch (c) {
    case 'r':
        return parse_runs(arg, &o->runs);
    case 'j':
        return parse_jobs(arg, &o->jobs);
    case 'f':
        return outputs_add_format(outs, arg);
    case 'o':
        return outputs_add_path(outs, arg);
    case 'k':
        o->keep_scratch = true;
        return 0;
    case 1001:
        g->suppressions_path = arg;
        return 0;
    case 1002:
        g->baseline_path = arg;
        return 0;
    case 1003:
        g->update = true;
        return 0;
    case 1004:
        outs->wide = true;
        return 0;
    default:
        return -1;
    }
}

int gate_load(struct gate *g, struct check_options *o)
{
    char *err = NULL;
    if (g->update && !g->baseline_path)
        return usage_error("--update-baseline needs --baseline FILE (the file to write)%s", "");
    if (g->suppressions_path) {
        if (suppressions_load(g->suppressions_path, &g->suppressions, &err) < 0)
            goto bad;
        g->have_suppressions = true;
        o->gate.suppressions = &g->suppressions;
    }
    if (g->baseline_path) {
        /* A baseline being created may not exist yet. */
        if (!(g->update && access(g->baseline_path, F_OK) != 0)) {
            if (baseline_load(g->baseline_path, &g->baseline, &err) < 0)
                goto bad;
            g->have_baseline = true;
            o->gate.baseline = &g->baseline;
        }
        if (g->update)
            o->gate.update_baseline = g->baseline_path;
    }
    return 0;
bad:
    fprintf(stderr, "racelab: %s\n", err);
    free(err);
    return 2;
}

void gate_free(struct gate *g)
{
    if (g->have_suppressions)
        suppressions_free(&g->suppressions);
    if (g->have_baseline)
        baseline_free(&g->baseline);
    g->have_suppressions = g->have_baseline = false;
}

struct check_options check_defaults(const struct globals *g)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return (struct check_options){.root = g->root,
                                  .build_dir = g->build_dir,
                                  .shim_dir = g->shim_dir,
                                  .runs = 1,
                                  .jobs = ncpu > 0 ? (int)ncpu : 1,
                                  .variants = {true, true}};
}

int catalog_load_reporting(const char *root, struct catalog *cat, bool *broken)
{
    char *problems = NULL, *err = NULL;
    *broken = false;
    if (catalog_load_partial(root, cat, &problems, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        return 2;
    }
    if (problems) {
        /* Every problem, one per line, each "racelab: file:line: what". */
        for (char *line = problems, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            fprintf(stderr, "racelab: %s\n", line);
        }
        fputs("racelab: the cases above are left out; the others go on (exit 2 at the end)\n",
              stderr);
        free(problems);
        *broken = true;
    }
    return 0;
}

int check_and_report(struct check_options *o, struct report_outputs *outs)
{
    int rc = outputs_open(outs, o);
    if (rc)
        return rc;
    struct check_report rep;
    char *err = NULL;
    if (check_run(o, &rep, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        outputs_close(outs);
        rc = 2;
    } else {
        rc = outputs_finish(outs, &rep);
        if (rc == 0)
            rc = check_exit_status(&rep);
    }
    check_report_free(&rep);
    return rc;
}
