/* static_cppcheck.c: cppcheck as a static tool (tool_module.h): its command
 * line, and its warnings read into findings.
 *
 * cppcheck reads C without compiling it. Two of its checks are about
 * threads: `--library=posix` names the POSIX functions that are not
 * reentrant (`localtime`, `strtok`, ...: "Non reentrant function 'X'
 * called", id XCalled), and the `threadsafety` addon warns about every
 * function-local `static`, which every thread calling the function shares.
 * Nothing else it checks knows a thread: the rest of its warnings are kept
 * as `other`, so that a verdict shows them. Its output is one line per
 * warning in our own template, tab-separated, so that a message is never
 * split on a colon:
 *   FILE \t LINE \t COLUMN \t SEVERITY \t ID \t MESSAGE
 * The addon writes a dump of the source beside it unless cppcheck has a
 * build directory: the analyser's own empty directory (its cwd) is it, so
 * that a read-only catalog can be checked and nothing is left behind.
 * Fixtures: tests/fixtures/static/cppcheck-*.txt (its `record`). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "tool_module.h"
#include "util.h"

#define CPPCHECK_TEMPLATE "--template={file}\\t{line}\\t{column}\\t{severity}\\t{id}\\t{message}"

static size_t cppcheck_command(enum tool_id tool, const struct build_env *env,
                               const struct program *prog, const char *source, const char **argv,
                               char **keep)
{
    (void)tool;
    (void)prog;
    size_t n = 0;
    argv[n++] = "cppcheck";
    argv[n++] = "--quiet";
    argv[n++] = "--cppcheck-build-dir=.";
    argv[n++] = "--enable=portability";
    argv[n++] = "--library=posix";
    argv[n++] = "--addon=threadsafety";
    argv[n++] = "--std=c11";
    argv[n++] = CPPCHECK_TEMPLATE;
    *keep = xasprintf("-I%s/include", env->root);
    argv[n++] = *keep;
    argv[n++] = source;
    argv[n] = NULL;
    return n;
}

/* The racelab kind of one warning, by its id. */
static enum finding_kind cppcheck_kind(const char *id, const char *message)
{
    if (strcmp(id, "threadsafety-threadsafety") == 0 || strcmp(id, "threadsafety-const") == 0)
        return FK_DATA_RACE; /* a static every calling thread shares */
    if (str_ends_with(id, "Called") && strstr(message, "Non reentrant function"))
        return FK_MT_UNSAFE_CALL;
    return FK_OTHER;
}

/* Ids that say cppcheck could not read the program, as a compiler's error. */
static bool cppcheck_error(const char *id, const char *severity)
{
    return strcmp(severity, "error") == 0 &&
           (strcmp(id, "syntaxError") == 0 || strcmp(id, "internalAstError") == 0 ||
            strcmp(id, "unknownMacro") == 0 || strcmp(id, "preprocessorErrorDirective") == 0 ||
            strcmp(id, "cppcheckError") == 0 || strcmp(id, "internalError") == 0);
}

/* Split `line` (NUL-terminated, writable) on tabs into at most n fields;
 * returns how many it had. The last field keeps any further tabs. */
static size_t split_tabs(char *line, char **field, size_t n)
{
    size_t k = 0;
    field[k++] = line;
    for (char *p = line; k < n && (p = strchr(p, '\t')); p++) {
        *p = '\0';
        field[k++] = p + 1;
    }
    return k;
}

static int cppcheck_parse(enum tool_id tool, const char *text, struct finding_list *out,
                          char **first_error)
{
    (void)tool;
    int errors = 0;
    char *failed = NULL;
    if (first_error)
        *first_error = NULL;
    char *copy = xstrdup(text ? text : "");
    for (char *line = copy, *next; *line; line = next) {
        next = line + strcspn(line, "\n");
        if (*next)
            *next++ = '\0';
        char *f[6];
        long lineno, column;
        char *end1, *end2;
        bool diag = split_tabs(line, f, 6) == 6;
        if (diag) {
            lineno = strtol(f[1], &end1, 10);
            column = strtol(f[2], &end2, 10);
            diag = *f[1] && !*end1 && *f[2] && !*end2 && lineno >= 0 && column >= 0 &&
                   lineno <= 1 << 30 && column <= 1 << 30 && *f[4];
        }
        /* Its own failure, on a line of its own ("Bailing out from checking
         * X since there was an internal error: Failed to auto detect
         * python", "cppcheck: error: ..."), exit status 0: the analysis did
         * not finish, whatever came before. Other lines (an addon's
         * "Checking X..." chatter) say nothing. */
        if (!diag) {
            if (strstr(line, "Bailing out") || strstr(line, "internal error") ||
                str_starts_with(line, "cppcheck: error:")) {
                free(failed);
                failed = xstrdup(line);
            }
            continue;
        }
        if (cppcheck_error(f[4], f[3])) {
            if (errors++ == 0 && first_error)
                *first_error = xasprintf("%s:%ld: %s", f[0], lineno, f[5]);
            continue;
        }
        struct finding *fi = finding_list_add(out);
        fi->kind = cppcheck_kind(f[4], f[5]);
        fi->tool_kind = xstrdup(f[4]);
        fi->message = xstrdup(f[5]);
        struct access *a = finding_add_access(fi);
        a->what = xstrdup(f[5]);
        /* "nofile" at line 0: a warning about the whole run, no place. */
        if (strcmp(f[0], "nofile") != 0 && *f[0])
            access_add_frame(a, NULL, f[0], NULL, (int)lineno, (int)column);
    }
    free(copy);
    if (failed) {
        if (first_error) {
            free(*first_error);
            *first_error = failed;
        } else {
            free(failed);
        }
        return -1;
    }
    return errors;
}

const struct static_ops cppcheck_static_ops = {
    .program = "cppcheck",
    .command = cppcheck_command,
    .parse = cppcheck_parse,
};
