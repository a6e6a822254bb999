/* tool_valgrind.c: one run under Helgrind or DRD.
 *
 * Valgrind's findings come only from its XML file, never from the exit
 * status: a run whose XML is missing, truncated or does not end in FINISHED
 * is a tool error, never "clean" (Valgrind even runs the program and exits 0
 * after rejecting an option). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "observe.h"
#include "binary_info.h"
#include "tool_module.h"
#include "util.h"
#include "valgrind.h"

/* Options per tool. --free-is-write lets DRD see a race with free();
 * --check-stack-var lets it see races on stack variables (a loop variable
 * whose address escapes, a callback writing into a dead frame);
 * --fair-sched keeps a spinning thread from starving the one it waits for. */
static const char *const helgrind_opts[] = {"--tool=helgrind", "--history-level=full", NULL};
static const char *const drd_opts[] = {"--tool=drd", "--free-is-write=yes", "--check-stack-var=yes",
                                       NULL};

/* Observed runs: the XML goes to this descriptor (thread_count.c closes the
 * guest's copy of it; Valgrind writes through its own, out of the guest's
 * reach). */
#define XML_FD 3

/* Valgrind's own start-up execs: the launcher runs valgrind.bin, which runs
 * the tool; an observed run allows these and no other. */
static const char *const valgrind_execs[] = {"/usr/bin/valgrind.bin", "/usr/libexec/valgrind/",
                                             "/usr/lib/x86_64-linux-gnu/valgrind/", NULL};

/* Where Valgrind loads a position-independent executable on amd64 (its
 * m_ume ELF loader; seen in every report on this machine): the data
 * addresses DRD prints are this base plus the file's own symbol values. */
#define VALGRIND_PIE_BASE 0x108000ull

/* DRD names the variable of a race only with --read-var-info=yes, which
 * reads every library's debugging information: six times the start-up cost.
 * So racelab names it from the executable's symbol table, in words
 * report_variable_name() reads ("data symbol"), for the message and so that
 * the race is one bug with the other tools' reports of it (report_walk.c). */
static void name_drd_variables(const char *binary, struct finding_list *findings)
{
    for (size_t i = 0; i < findings->len; i++) {
        struct finding *f = &findings->items[i];
        const char *at =
            f->naccesses && f->accesses[0].what ? strstr(f->accesses[0].what, " at 0x") : NULL;
        if (f->location || f->kind != FK_DATA_RACE || !at)
            continue;
        uint64_t addr = strtoull(at + 4, NULL, 16), offset = 0;
        char *name = binary_data_symbol(binary, addr, VALGRIND_PIE_BASE, &offset);
        if (name)
            f->location = xasprintf("Address 0x%llx is %llu bytes inside data symbol \"%s\" "
                                    "(named by racelab from the executable's symbols)",
                                    (unsigned long long)addr, (unsigned long long)offset, name);
        free(name);
    }
}

/* The guest died of a signal. In the tool's own wrapper of a pthread call
 * (its preload, vgpreload_TOOL-*.so), called by the C library itself: the
 * tool failed, as DRD does when glibc's C11 thrd_create hands its
 * pthread_create a marker where an attribute belongs. Anywhere else: the
 * program crashed there (a wrapper called by the program with a bad
 * argument is the program's fault too), and what the tool reported before
 * still counts. */
static void take_fatal_signal(enum tool_id tool, struct run_outcome *out,
                              const struct valgrind_result *vr)
{
    const struct access *st = &vr->fatal_stack;
    const char *sig = vr->fatal_signame ? vr->fatal_signame : "a signal";
    size_t i = 0;
    while (i < st->nframes && frame_is_system(&st->frames[i]))
        i++;
    const struct frame *w = i < st->nframes ? &st->frames[i] : NULL;
    if (w && w->object && strstr(path_base(w->object), "vgpreload_") && i + 1 < st->nframes &&
        frame_is_system(&st->frames[i + 1])) {
        /* "pthread_create@*", "thrd_create@@GLIBC_2.34": the names, unversioned. */
        const char *fn = w->function ? w->function : "a pthread call";
        const char *by = st->frames[i + 1].function ? st->frames[i + 1].function : "?";
        char *from = access_place(st, i + 2);
        run_outcome_tool_error(
            out,
            "%s crashed in its own wrapper of %.*s (%s): %s, when the C library's %.*s called it "
            "from %s; this run cannot judge the program%s",
            tool_title(tool), (int)strcspn(fn, "@"), fn, path_base(w->object), sig,
            (int)strcspn(by, "@"), by, from,
            str_starts_with(by, "thrd_") ? " (racelab cc links C11 threads made of pthread calls, "
                                           "which it follows)"
                                         : "");
        free(from);
        return;
    }
    char *place = access_place(st, 0);
    out->status = RUN_CRASH;
    free(out->detail);
    out->detail = xasprintf("crashed: %s in %s", sig, place);
    free(place);
}

int valgrind_tool_run(const struct run_request *req, struct run_outcome *out)
{
    char *xml_path = xasprintf("%s/valgrind.xml", req->scratch_dir);
    char *xml_opt =
        req->observe ? xasprintf("--xml-fd=%d", XML_FD) : xasprintf("--xml-file=%s", xml_path);
    const char *const *tool_opts = req->tool == TOOL_DRD ? drd_opts : helgrind_opts;
    const char *prefix[16];
    size_t n = 0;
    prefix[n++] = "valgrind";
    for (size_t k = 0; tool_opts[k]; k++)
        prefix[n++] = tool_opts[k];
    prefix[n++] = "--xml=yes";
    prefix[n++] = xml_opt;
    prefix[n++] = "--fair-sched=try";
    prefix[n++] = "--num-callers=30";
    prefix[n++] = "--error-limit=no";
    prefix[n++] = "--child-silent-after-fork=yes";
    char *supp_opt = req->suppressions ? xasprintf("--suppressions=%s", req->suppressions) : NULL;
    if (supp_opt)
        prefix[n++] = supp_opt;
    prefix[n] = NULL;
    struct tool_exec_opts x = {.prefix = prefix,
                               .observe_tool = OBSERVE_VALGRIND,
                               .channel_fd = req->observe ? XML_FD : 0,
                               .tool_exec_prefixes = valgrind_execs,
                               .tool_execs = 2};
    char *xml = NULL;
    bool overflow = false;
    int rc = tool_exec(req, &x, out, &xml, &overflow);
    if (rc == 0 && out->status == RUN_REFUSED) {
        /* ended on the spot: its XML is not a verdict */
    } else if (rc == 0 && overflow) {
        run_outcome_tool_error(out, "%s's XML report is over 4 MB", tool_name(req->tool));
    } else if (rc == 0) {
        struct valgrind_result vr = {0};
        char *err = NULL;
        int parsed = req->observe ? valgrind_xml_parse(xml ? xml : "", xml ? strlen(xml) : 0,
                                                       "Valgrind's XML", &vr, &err)
                                  : valgrind_xml_parse_file(xml_path, &vr, &err);
        /* Valgrind's own failure, in its words: only looked for once its
         * report is known to be broken, since the guest writes to the same
         * stderr. */
        char *failure = NULL;
        if (parsed < 0 || !vr.finished)
            failure = valgrind_failure_in(out->err);
        if (parsed < 0) {
            /* What it reported before it died still counts. */
            out->findings = vr.findings;
            memset(&vr.findings, 0, sizeof vr.findings);
            /* A killed run cannot finish its XML: the timeout (or the limit
             * it broke) is the verdict then. */
            if ((out->status == RUN_OK || out->status == RUN_CRASH) && !out->limit) {
                if (failure)
                    run_outcome_tool_error(out, "%s failed: %s", tool_title(req->tool), failure);
                else if (req->observe) /* from the channel: written out to be seen */
                    run_outcome_unreadable(out, req, "valgrind.xml", xml ? xml : "",
                                           xml ? strlen(xml) : 0, err);
                else /* the file Valgrind wrote is there already */
                    run_outcome_unreadable(out, req, "valgrind.xml", NULL, 0, err);
            }
        } else {
            out->findings = vr.findings;
            memset(&vr.findings, 0, sizeof vr.findings);
            if (vr.fatal_signal && (out->status == RUN_OK || out->status == RUN_CRASH)) {
                take_fatal_signal(req->tool, out, &vr);
            } else if (!vr.finished && out->status == RUN_OK) {
                if (failure)
                    run_outcome_tool_error(out, "%s failed: %s", tool_title(req->tool), failure);
                else
                    run_outcome_tool_error(out, "%s did not finish its report",
                                           tool_name(req->tool));
            }
        }
        if (req->tool == TOOL_DRD)
            name_drd_variables(req->binary, &out->findings);
        free(failure);
        free(err);
        valgrind_result_free(&vr);
    }
    free(xml);
    free(xml_opt);
    free(supp_opt);
    free(xml_path);
    return rc;
}

/* The row's `unmodelled` hook: an access inside a pthread_once routine,
 * which Helgrind and DRD do not model (valgrind.h). */
bool valgrind_unmodelled(const struct finding *f, const char *binary)
{
    (void)binary;
    return valgrind_blind_to_once(f);
}
