/* tool_valgrind.c: one run under Helgrind or DRD.
 *
 * Valgrind's findings come only from its XML file, never from the exit
 * status: a run whose XML is missing, truncated or does not end in FINISHED
 * is a tool error, never "clean" (Valgrind even runs the program and exits 0
 * after rejecting an option). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "tool.h"
#include "util.h"
#include "valgrind.h"

/* Options per tool. --free-is-write lets DRD see a race with free();
 * --fair-sched keeps a spinning thread from starving the one it waits for. */
static const char *const helgrind_opts[] = {"--tool=helgrind", "--history-level=full", NULL};
static const char *const drd_opts[] = {"--tool=drd", "--free-is-write=yes", NULL};

int valgrind_tool_run(const struct run_request *req, struct run_outcome *out)
{
    char *xml_path = xasprintf("%s/valgrind.xml", req->scratch_dir);
    char *xml_opt = xasprintf("--xml-file=%s", xml_path);
    char *threads_file = xasprintf("%s/threads", req->scratch_dir);
    char *threads_env = xasprintf("RACELAB_THREADS_FILE=%s", threads_file);
    const char *extra[] = {threads_env, NULL};
    char **env = env_build(req->scratch_dir, extra);
    const char *const *tool_opts = req->tool == TOOL_DRD ? drd_opts : helgrind_opts;

    size_t nargs = 0, nopts = 0;
    while (req->args && req->args[nargs])
        nargs++;
    while (tool_opts[nopts])
        nopts++;
    const char **argv = xcalloc(nargs + nopts + 12, sizeof *argv);
    size_t i = 0;
    argv[i++] = "valgrind";
    for (size_t k = 0; k < nopts; k++)
        argv[i++] = tool_opts[k];
    argv[i++] = "--xml=yes";
    argv[i++] = xml_opt;
    argv[i++] = "--fair-sched=try";
    argv[i++] = "--num-callers=30";
    argv[i++] = "--error-limit=no";
    argv[i++] = "--child-silent-after-fork=yes";
    argv[i++] = req->binary;
    for (size_t k = 0; k < nargs; k++)
        argv[i++] = req->args[k];

    struct proc_spec spec = {.argv = argv,
                             .envp = (const char *const *)env,
                             .cwd = req->scratch_dir,
                             .timeout_s = req->timeout_s,
                             .output_cap = RUN_OUTPUT_CAP};
    struct proc_result pr;
    int rc = 0;
    if (proc_run(&spec, &pr) < 0) {
        run_outcome_tool_error(out, "could not run valgrind");
        rc = -1;
    } else {
        run_outcome_take_process(out, &pr, threads_file, req->timeout_s);
        proc_result_free(&pr);
        struct valgrind_result vr = {0};
        char *err = NULL;
        if (valgrind_xml_parse_file(xml_path, &vr, &err) < 0) {
            /* A killed run cannot finish its XML: the timeout is the verdict then. */
            if (out->status == RUN_OK || out->status == RUN_CRASH)
                run_outcome_tool_error(out, "%s report unusable: %s", tool_name(req->tool), err);
        } else {
            out->findings = vr.findings;
            memset(&vr.findings, 0, sizeof vr.findings);
            if (vr.fatal_signal && out->status == RUN_OK) {
                out->status = RUN_CRASH;
                free(out->detail);
                out->detail = xasprintf("crashed: killed by %s",
                                        vr.fatal_signame ? vr.fatal_signame : "a signal");
            } else if (!vr.finished && out->status == RUN_OK) {
                run_outcome_tool_error(out, "%s did not finish its report", tool_name(req->tool));
            }
        }
        free(err);
        valgrind_result_free(&vr);
    }
    free(argv);
    env_free(env);
    free(threads_env);
    free(threads_file);
    free(xml_opt);
    free(xml_path);
    return rc;
}
