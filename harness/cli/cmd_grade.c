/* cmd_grade.c: racelab grade DIR, a class's fixes checked (grade.c) and
 * written up (grade_report.c); racelab grade merge, its shards as one. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "command.h"
#include "exercise.h"
#include "grade.h"
#include "sandbox.h"
#include "util.h"

static const char merge_usage[] =
    "usage: racelab grade merge OUT SHARD-DIR...\n"
    "  Merge the output directories of racelab grade --shard 1/N .. --shard N/N (in any\n"
    "  order) into OUT: grades.csv, grades-summary.csv, grades.xml, grades-run.txt and\n"
    "  feedback/, as one unsharded run would have written them. Refused (exit 2, nothing\n"
    "  written): a shard given twice or missing, shards of different classes or\n"
    "  exercises, a student in two shards.\n";

static int cmd_grade_merge(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(merge_usage, stdout);
        return 0;
    }
    if (argc < 3 || argv[1][0] == '-') {
        fputs(merge_usage, stderr);
        return 2;
    }
    char *err = NULL;
    if (grade_merge(argv[1], (const char *const *)argv + 2, (size_t)argc - 2, &err) < 0) {
        fprintf(stderr, "racelab: grade merge: %s\n", err);
        free(err);
        return 2;
    }
    printf("merged %d shard director%s into %s/{%s,%s,%s,%s} and %s/%s/\n", argc - 2,
           argc == 3 ? "y" : "ies", argv[1], GRADE_CSV, GRADE_SUMMARY_CSV, GRADE_JUNIT,
           GRADE_RUN_FILE, argv[1], GRADE_FEEDBACK_DIR);
    return 0;
}

static int cmd_grade(struct globals *g, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "merge") == 0)
        return cmd_grade_merge(argc - 1, argv + 1); /* a class directory "merge": ./merge */
    static const struct option longopts[] = {
        {"exercise", required_argument, NULL, 'e'}, {"runs", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},     {"out", required_argument, NULL, 'o'},
        {"keep", no_argument, NULL, 'k'},           {"timeout", required_argument, NULL, 't'},
        {"shard", required_argument, NULL, 's'},    {NULL, 0, NULL, 0},
    };
    struct check_options defaults = check_defaults(g);
    struct grade_options go = {
        .build_dir = g->build_dir, .shim_dir = g->shim_dir, .runs = 10, .jobs = defaults.jobs};
    struct grade_run_info info = {.shard_k = 1, .shard_n = 1};
    const char *out_dir = "grades";
    const char **selectors = xcalloc((size_t)argc + 1, sizeof *selectors);
    size_t nsel = 0;
    int c, rc = 0, status = -1;
    optind = 0;
    while (rc == 0 && (c = command_getopt(argc, argv, "j:", longopts, &status)) != -1) {
        switch (c) {
        case 'e':
            selectors[nsel++] = optarg;
            break;
        case 'r':
            rc = parse_runs(optarg, &go.runs);
            break;
        case 'j':
            rc = parse_jobs(optarg, &go.jobs);
            break;
        case 'o':
            out_dir = optarg;
            break;
        case 't':
            rc = parse_positive(optarg, "--timeout needs whole seconds from 1 to 600, not '%s'",
                                600, &go.timeout_s);
            break;
        case 's':
            rc = parse_shard(optarg, &info.shard_k, &info.shard_n);
            break;
        default:
            go.keep = true;
        }
    }
    if (rc == 0 && status >= 0) {
        free(selectors);
        return status;
    }
    if (rc == 0 && optind + 1 != argc)
        rc = usage_error("takes one class directory (a directory per student)%s", "");
    struct catalog cat = {0};
    char *err = NULL;
    bool *selected = NULL;
    if (rc == 0 && catalog_load(g->root, &cat, &err) < 0) {
        fprintf(stderr, "racelab: %s\n", err);
        free(err);
        rc = 2;
    }
    if (rc == 0) {
        selected = xcalloc(cat.len + 1, sizeof *selected);
        if (catalog_select(&cat, selectors, nsel, selected, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        }
    }
    struct sandbox sb = {0};
    if (rc == 0) {
        if (sandbox_slots_init(&sb, go.jobs, &err) < 0) {
            fprintf(stderr, "racelab: %s\n", err);
            free(err);
            rc = 2;
        } else {
            const char *why = NULL;
            if (!sandbox_available(&why))
                fprintf(stderr, "racelab: warning: the sandbox is partial here: %s\n", why);
            go.sandbox = &sb;
        }
    }
    if (rc == 0)
        rc = grade_and_write(&go, &cat, selected, nsel > 0, &info, argv[optind], out_dir);
    if (go.sandbox)
        sandbox_slots_free(&sb);
    free(selected);
    free(selectors);
    if (cat.cases)
        catalog_free(&cat);
    return rc;
}

const struct command command_grade = {
    .name = "grade",
    .summary = "check a class's fixes: CSV, JUnit, feedback per student",
    .help = "usage: racelab grade DIR [--exercise SELECTOR]... [--runs N] [-j N]\n"
            "                         [--timeout S] [--shard K/N] [--out DIR] [--keep]\n"
            "       racelab grade merge OUT SHARD-DIR...\n"
            "\n"
            "DIR holds one directory per student: a workspace (racelab exercise start) or\n"
            "the edited case files (threads/shared-counter.c or shared-counter.c) anywhere\n"
            "in it.\n"
            "\n"
            "  --exercise  grade these exercises (ids, families or globs) for every student;\n"
            "              default: the exercises someone in the class changed\n"
            "  --runs N    runs per tool of each check (default 10)\n"
            "  -j N        submissions checked at once (default: the number of cores)\n"
            "  --timeout S a run's time limit when lower than the case's own\n"
            "  --shard K/N grade only the K-th of N slices of the students (sorted by name,\n"
            "              position modulo N); merge the N output directories with merge\n"
            "  --out DIR   where grades.csv, grades-summary.csv, grades.xml, grades-run.txt\n"
            "              and feedback/STUDENT.txt go (default: grades)\n"
            "  --keep      keep each submission's staging directory (BUILD/grade/...)\n"
            "  merge       write into OUT the grades of the shards 1/N..N/N of one grading,\n"
            "              as an unsharded run would have; refuses a student in two shards,\n"
            "              a missing shard and shards of different exercises\n"
            "\n"
            "Statuses: pass, fail, not-attempted, missing, does-not-compile, refused,\n"
            "tool-error (docs/grading.md). As root every check runs sandboxed (own user id,\n"
            "limits, no network, private /tmp); otherwise only the limits apply, and\n"
            "racelab says so.\n"
            "exit status: 0 when every submission was graded (whatever its status), 2 on a\n"
            "usage or setup error.\n",
    .run = cmd_grade,
};
