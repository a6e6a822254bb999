/* test_optout.c: the opt-out scan's rules (harness/classroom/optout.h) on small real
 * programs, scanned with the real clang. Each program marks the lines a
 * refusal must name with a comment (`/ *@getenv* /`), so that the expected
 * lines follow the text. The object's side (the ELF reader, definitions,
 * racelab's headers), the facts and the scan's edges are in
 * test_optout_object.c, in the same suite ("optout"). */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "optout.h"
#include "test.h"
#include "toolchain.h"
#include "test_optout.h"
#include "util.h"

static char *dir, *include_flag;

const char *ot_dir(void)
{
    return dir;
}

static int suite_init(void)
{
    dir = xstrdup("/tmp/racelab-test-optout-XXXXXX");
    char *inc = realpath("include", NULL);
    if (!mkdtemp(dir) || !inc) {
        free(inc);
        return -1;
    }
    include_flag = xasprintf("-I%s", inc);
    free(inc);
    return 0;
}

static int suite_clean(void)
{
    remove_tree(dir);
    free(dir);
    free(include_flag);
    return 0;
}

/* The line of text holding mark, or 0 (a test's own mistake). */
int ot_line(const char *text, const char *mark)
{
    const char *at = strstr(text, mark);
    if (!at)
        return 0;
    int line = 1;
    for (const char *s = text; s < at; s++)
        line += *s == '\n';
    return line;
}

/* Write text to dir/name and scan it (name is also what messages show). */
struct refusal_list ot_scan(const char *name, const char *text, unsigned allow, unsigned *facts,
                            bool openmp)
{
    char *path = xasprintf("%s/%s", dir, name), *err = NULL;
    CU_ASSERT_FATAL(write_file(path, text, strlen(text)) == 0);
    /* The toolchain's OpenMP include directory, as build_language_argv adds it. */
    const char *omp_include = toolchain_openmp_cflags()[0];
    const char *lang[] = {"-std=c17",
                          "-pthread",
                          include_flag,
                          openmp ? "-fopenmp" : NULL,
                          openmp ? omp_include : NULL,
                          NULL};
    struct optout_request req = {
        .cwd = dir, .source = name, .lang_argv = lang, .allow = allow, .work_dir = dir};
    struct refusal_list out;
    unsigned f;
    int rc = optout_scan(&req, &out, facts ? facts : &f, &err);
    if (rc != 0)
        fprintf(stderr, "\n  optout_scan: %s\n", err ? err : "(no message)");
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_PTR_NULL(err);
    free(path);
    return out;
}

struct refusal_list ot_scan_text(const char *text, unsigned allow, unsigned *facts)
{
    return ot_scan("student.c", text, allow, facts, false);
}

/* Is there a refusal of what at the line of mark (mark NULL: any line)? */
bool ot_refused(const struct refusal_list *l, const char *text, const char *mark, const char *what)
{
    int line = mark ? ot_line(text, mark) : -1;
    for (size_t i = 0; i < l->len; i++)
        if ((line < 0 || l->items[i].line == line) && strcmp(l->items[i].what, what) == 0)
            return true;
    return false;
}

static bool ot_refused_name(const struct refusal_list *l, const char *what)
{
    return ot_refused(l, "", NULL, what);
}

/* Free a scan's refusals; when an assertion failed since the last call,
 * print them first, one a line (the failure's context). */
void ot_finish(struct refusal_list *l)
{
    static unsigned seen;
    if (CU_get_number_of_failures() != seen) {
        seen = CU_get_number_of_failures();
        for (size_t i = 0; i < l->len; i++) {
            char *s = refusal_format(&l->items[i]);
            fprintf(stderr, "\n    %s", s);
            free(s);
        }
    }
    refusal_list_free(l);
}

static char *catalog_copy(const char *rel)
{
    char *text = NULL;
    CU_ASSERT_FATAL(read_file(rel, &text, NULL) == 0);
    return text;
}

static void test_catalog_clean(void)
{
    char *bug = catalog_copy("cases/threads/shared-counter.c");
    char *fix = catalog_copy("safe/threads/shared-counter.c");
    unsigned facts = 0;
    struct refusal_list l = ot_scan("shared-counter.c", bug, 0, &facts, false);
    CU_ASSERT_EQUAL(l.len, 0); /* its __asm__ volatile("" ::: "memory") is a barrier */
    CU_ASSERT_EQUAL(facts & (FACT_ATOMICS | FACT_MUTEX), 0);
    ot_finish(&l);
    l = ot_scan("shared-counter.c", fix, 0, &facts, false);
    CU_ASSERT_EQUAL(l.len, 0);
    CU_ASSERT_EQUAL(facts & (FACT_ATOMICS | FACT_RELAXED), FACT_ATOMICS | FACT_RELAXED);
    CU_ASSERT_EQUAL(facts & (FACT_MUTEX | FACT_VOLATILE | FACT_SLEEP), 0);
    ot_finish(&l);
    free(bug);
    free(fix);
}

static const char attributes[] =
    "#include <pthread.h>\n"
    "#define NS __attribute__((no_sanitize(\"thread\")))\n"
    "static int shared;\n"
    "NS static void a(void) { shared++; } /*@a*/\n"
    "__attribute__((__no_sanitize__(\"thread\"))) static void b(void) { shared++; } /*@b*/\n"
    "__attribute__((no_sanitize_thread)) static void c(void) { shared++; } /*@c*/\n"
    "__attribute__((disable_sanitizer_instrumentation)) void d(void) { shared++; } /*@d*/\n"
    "__attribute__((no_instrument_function)) void e(void) { shared++; } /*@e*/\n"
    "__attribute__((constructor)) static void early(void) { shared = 1; } /*@ctor*/\n"
    "__attribute__((destructor)) static void late(void) { shared = 0; } /*@dtor*/\n"
    "void f(void) __attribute__((alias(\"d\"))); /*@alias*/\n"
    "void g(void) __attribute__((__weak__)); /*@weak*/\n"
    "__attribute__((section(\".data.x\"))) int placed = 1; /*@section*/\n"
    "__attribute__((no_thread_safety_analysis)) void h(void) { shared++; } /*@tsa*/\n"
    "int main(void)\n"
    "{\n"
    "    a(); b(); c(); e(); f();\n"
    "    if (g) g();\n"
    "    return placed;\n"
    "}\n";

static void test_attributes(void)
{
    struct refusal_list l = ot_scan_text(attributes, 0, NULL);
    const char *t = attributes;
    CU_ASSERT(ot_refused(&l, t, "@a*", "no_sanitize(\"thread\")"));
    CU_ASSERT(ot_refused(&l, t, "@b*", "__no_sanitize__(\"thread\")"));
    CU_ASSERT(ot_refused(&l, t, "@c*", "no_sanitize_thread"));
    CU_ASSERT(ot_refused(&l, t, "@d*", "disable_sanitizer_instrumentation"));
    CU_ASSERT(ot_refused(&l, t, "@e*", "no_instrument_function"));
    CU_ASSERT(ot_refused(&l, t, "@ctor*", "constructor"));
    CU_ASSERT(ot_refused(&l, t, "@dtor*", "destructor"));
    CU_ASSERT(ot_refused(&l, t, "@alias*", "alias"));
    CU_ASSERT(ot_refused(&l, t, "@weak*", "__weak__"));
    CU_ASSERT(ot_refused(&l, t, "@section*", "section"));
    CU_ASSERT(ot_refused(&l, t, "@tsa*", "no_thread_safety_analysis"));
    /* The constructor is told once, by its attribute: not again as .init_array. */
    CU_ASSERT_FALSE(ot_refused_name(&l, ".init_array"));
    /* The example of the interface, word for word. */
    char *line = l.len ? refusal_format(&l.items[0]) : xstrdup("");
    char *want = xasprintf("student.c:%d: no_sanitize(\"thread\") turns ThreadSanitizer off for "
                           "this function; an exercise must be judged with it on",
                           ot_line(t, "@a*"));
    CU_ASSERT_STRING_EQUAL(line, want);
    free(line);
    free(want);
    ot_finish(&l);
}

static const char pragmas[] =
    "#include <stdlib.h>\n"
    "#pragma clang attribute push(__attribute__((no_sanitize(\"thread\"))), apply_to = "
    "function) /*@push*/\n"
    "static void f(void) {}\n"
    "#pragma clang attribute pop\n"
    "int x; _Pragma(\"weak x\") int y; /*@pragma*/\n"
    "#pragma redefine_extname old_name new_name /*@redefine*/\n"
    "#pragma GCC optimize(\"O0\") /*@gcc*/\n"
    "#pragma clang diagnostic ignored \"-Wthread-safety\" /*@diag*/\n"
    "#pragma STDC FP_CONTRACT ON\n"
    "#pragma pack(push, 1)\n"
    "#pragma pack(pop)\n"
    "#pragma omp parallel for proc_bind(close)\n"
    "#pragma omp parallel for schedule(static, getenv(\"N\") ? 1 : 2) /*@schedule*/\n"
    "#pragma omp critical\n"
    "int main(void) { f(); return x + y; }\n";

static void test_pragmas(void)
{
    unsigned facts = 0;
    struct refusal_list l = ot_scan_text(pragmas, 0, &facts);
    const char *t = pragmas;
    CU_ASSERT(ot_refused(&l, t, "@push*", "#pragma clang attribute"));
    CU_ASSERT(ot_refused(&l, t, "@push*", "no_sanitize(\"thread\")"));
    CU_ASSERT(ot_refused(&l, t, "@pragma*", "#pragma weak")); /* _Pragma, mid-line */
    CU_ASSERT(ot_refused(&l, t, "@redefine*", "#pragma redefine_extname"));
    CU_ASSERT(ot_refused(&l, t, "@gcc*", "#pragma GCC optimize"));
    CU_ASSERT(ot_refused(&l, t, "@diag*", "#pragma clang diagnostic"));
    /* STDC, pack, omp: allowed (proc_bind(close) names no function). */
    CU_ASSERT_FALSE(ot_refused_name(&l, "#pragma STDC"));
    CU_ASSERT_FALSE(ot_refused_name(&l, "#pragma pack"));
    CU_ASSERT_FALSE(ot_refused_name(&l, "#pragma omp"));
    CU_ASSERT_FALSE(ot_refused_name(&l, "close"));
    CU_ASSERT(ot_refused(&l, t, "@schedule*", "getenv")); /* a clause's expression is code */
    CU_ASSERT(facts & FACT_OMP_CRITICAL);
    ot_finish(&l);
}

static const char presence[] = "#include <stdio.h>\n"
                               "#if __has_feature(thread_sanitizer)\n"
                               "static const int checked = 1; /*@feature*/\n"
                               "#else\n"
                               "static const int checked = 0;\n"
                               "#endif\n"
                               "int main(void) { return checked; }\n";
static const char sanitize_macro[] = "#include <stdio.h>\n"
                                     "int main(void)\n"
                                     "{\n"
                                     "#ifndef __SANITIZE_THREAD__\n"
                                     "    puts(\"racy\"); /*@macro*/\n"
                                     "#endif\n"
                                     "    return 0;\n"
                                     "}\n";
static const char error_under_tsan[] = "#if __has_feature(thread_sanitizer)\n"
                                       "#error no /*@error*/\n"
                                       "#endif\n"
                                       "int main(void) { return 0; }\n";
static const char analyzer[] = "#ifdef __clang_analyzer__\n"
                               "static int hidden; /*@analyzer*/\n"
                               "#endif\n"
                               "int main(void) { return 0; }\n";

static void test_presence_tests(void)
{
    struct refusal_list l = ot_scan_text(presence, 0, NULL);
    CU_ASSERT(ot_refused(&l, presence, "@feature*", "a test for ThreadSanitizer"));
    CU_ASSERT_EQUAL(l.len, 1);
    ot_finish(&l);
    l = ot_scan_text(sanitize_macro, 0, NULL);
    CU_ASSERT(ot_refused(&l, sanitize_macro, "@macro*", "a test for ThreadSanitizer"));
    ot_finish(&l);
    l = ot_scan_text(error_under_tsan, 0, NULL);
    CU_ASSERT(ot_refused(&l, error_under_tsan, "@error*", "a test for ThreadSanitizer"));
    ot_finish(&l);
    l = ot_scan_text(analyzer, 0, NULL);
    CU_ASSERT_EQUAL(l.len, 1);
    CU_ASSERT(l.len && l.items[0].line == ot_line(analyzer, "@analyzer*") &&
              strstr(l.items[0].what, "static analyzer"));
    ot_finish(&l);
}

static const char valgrind[] = "#include <stdio.h>\n"
                               "#include <valgrind/helgrind.h> /*@helgrind*/\n"
                               "#include <valgrind/drd.h> /*@drd*/\n"
                               "static int shared;\n"
                               "int main(void)\n"
                               "{\n"
                               "    VALGRIND_HG_DISABLE_CHECKING(&shared, sizeof shared); /*@hg*/\n"
                               "    DRD_IGNORE_VAR(shared); /*@ignore*/\n"
                               "    return shared;\n"
                               "}\n";
static const char by_hand[] = "extern void __tsan_ignore_thread_begin(void); /*@decl*/\n"
                              "extern int __tsan_init __attribute__((weak)); /*@weak*/\n"
                              "const char *__tsan_default_options(void) { return \"\"; } /*@opt*/\n"
                              "int main(void)\n"
                              "{\n"
                              "    __tsan_ignore_thread_begin(); /*@call*/\n"
                              "    return &__tsan_init != 0;\n"
                              "}\n";

static void test_detector_interfaces(void)
{
    struct refusal_list l;
    if (access("/usr/include/valgrind/helgrind.h", R_OK) == 0) {
        l = ot_scan_text(valgrind, 0, NULL);
        const char *t = valgrind;
        CU_ASSERT(ot_refused(&l, t, "@helgrind*", "#include <valgrind/helgrind.h>"));
        CU_ASSERT(ot_refused(&l, t, "@drd*", "#include <valgrind/drd.h>"));
        /* helgrind.h's own #include <valgrind.h> is not told again. */
        CU_ASSERT_FALSE(ot_refused_name(&l, "#include <valgrind/valgrind.h>"));
        /* The client requests expand to inline assembly in the student's lines. */
        CU_ASSERT(l.len >= 4 && l.items[2].line == ot_line(t, "@hg*") &&
                  str_starts_with(l.items[2].what, "__asm__"));
        CU_ASSERT(l.len >= 4 && l.items[3].line == ot_line(t, "@ignore*"));
        ot_finish(&l);
    }
    l = ot_scan_text(by_hand, 0, NULL);
    const char *t = by_hand;
    CU_ASSERT(ot_refused(&l, t, "@decl*", "__tsan_ignore_thread_begin"));
    CU_ASSERT(ot_refused(&l, t, "@call*", "__tsan_ignore_thread_begin"));
    CU_ASSERT(ot_refused(&l, t, "@weak*", "__tsan_init"));
    CU_ASSERT(ot_refused(&l, t, "@weak*", "weak"));
    CU_ASSERT(ot_refused(&l, t, "@opt*", "__tsan_default_options"));
    ot_finish(&l);
}

static const char environment[] =
    "#define _GNU_SOURCE\n"
    "#include <stdlib.h>\n"
    "#include <stdio.h>\n"
    "#define CAT(a, b) a##b\n"
    "extern char **environ; /*@environ*/\n"
    "struct opts { int getenv; };\n"
    "int main(int argc, char **argv, char **envp) /*@main*/\n"
    "{\n"
    "    struct opts o = {.getenv = 1};\n"
    "    o.getenv = 2;\n"
    "    puts(\"getenv\");\n"
    "    const char *v = getenv(\"TSAN_OPTIONS\"); /*@getenv*/\n"
    "    setenv(\"TSAN_OPTIONS\", \"report_bugs=0\", 1); /*@setenv*/\n"
    "    putenv(\"X=1\"); /*@putenv*/\n"
    "    char *w = CAT(get, env)(\"LD_PRELOAD\"); /*@pasted*/\n"
    "    return !v + !w + o.getenv + argc + !argv + !envp + !environ;\n"
    "}\n";

static void test_environment(void)
{
    struct refusal_list l = ot_scan_text(environment, 0, NULL);
    const char *t = environment;
    CU_ASSERT(ot_refused(&l, t, "@environ*", "environ"));
    CU_ASSERT(ot_refused(&l, t, "@main*", "main's third parameter"));
    CU_ASSERT(ot_refused(&l, t, "@getenv*", "getenv"));
    CU_ASSERT(ot_refused(&l, t, "@setenv*", "setenv"));
    CU_ASSERT(ot_refused(&l, t, "@putenv*", "putenv"));
    CU_ASSERT(ot_refused(&l, t, "@pasted*", "getenv"));
    /* A member named getenv and a string "getenv" are not uses. */
    CU_ASSERT_EQUAL(l.len, 7); /* environ twice: its declaration and its use */
    char *msg = refusal_format(&l.items[2]);
    char *want = xasprintf("student.c:%d: getenv reads or changes the environment: a program must "
                           "not look for or change the detectors' settings (TSAN_OPTIONS, "
                           "LD_PRELOAD); this exercise does not allow it",
                           ot_line(t, "@getenv*"));
    CU_ASSERT_STRING_EQUAL(msg, want);
    free(msg);
    free(want);
    ot_finish(&l);
    l = ot_scan_text(environment, ALLOW_ENV, NULL);
    CU_ASSERT_EQUAL(l.len, 0);
    ot_finish(&l);
}

static const char processes[] =
    "#define _GNU_SOURCE\n"
    "#include <spawn.h>\n"
    "#include <stdlib.h>\n"
    "#include <unistd.h>\n"
    "int main(void)\n"
    "{\n"
    "    pid_t pid = fork(); /*@fork*/\n"
    "    if (pid == 0)\n"
    "        execv(\"/bin/true\", (char *[]){\"true\", NULL}); /*@execv*/\n"
    "    int rc = system(\"true\"); /*@system*/\n"
    "    char *args[] = {\"true\", NULL};\n"
    "    rc += posix_spawn(&pid, \"/bin/true\", NULL, NULL, args, NULL); /*@spawn*/\n"
    "    return rc;\n"
    "}\n";

static void test_processes(void)
{
    struct refusal_list l = ot_scan_text(processes, 0, NULL);
    const char *t = processes;
    CU_ASSERT(ot_refused(&l, t, "@fork*", "fork"));
    CU_ASSERT(ot_refused(&l, t, "@execv*", "execv"));
    CU_ASSERT(ot_refused(&l, t, "@system*", "system"));
    CU_ASSERT(ot_refused(&l, t, "@spawn*", "posix_spawn"));
    CU_ASSERT_EQUAL(l.len, 4);
    ot_finish(&l);
    l = ot_scan_text(processes, ALLOW_PROCESS, NULL);
    CU_ASSERT_EQUAL(l.len, 0);
    ot_finish(&l);
}

static const char escapes[] = "#define _GNU_SOURCE\n"
                              "#include <dlfcn.h>\n"
                              "#include <stdio.h>\n"
                              "#include <sys/syscall.h>\n"
                              "#include <unistd.h>\n"
                              "extern char *lookup(const char *) __asm__(\"getenv\"); /*@label*/\n"
                              "static int counter;\n"
                              "int main(void)\n"
                              "{\n"
                              "    syscall(SYS_getpid); /*@syscall*/\n"
                              "    void *p = dlsym(RTLD_DEFAULT, \"__tsan_init\"); /*@dlsym*/\n"
                              "    __asm__ volatile(\"\" ::: \"memory\");\n"
                              "    __asm__ volatile(\"incl %0\" : \"+m\"(counter)); /*@asm*/\n"
                              "    printf(\"%d %p %s\\n\", counter, p, lookup(\"X\"));\n"
                              "    _exit(0); /*@exit*/\n"
                              "}\n";

static void test_escapes(void)
{
    struct refusal_list l = ot_scan_text(escapes, 0, NULL);
    const char *t = escapes;
    CU_ASSERT(ot_refused(&l, t, "@label*", "__asm__(\"getenv\")"));
    CU_ASSERT(ot_refused(&l, t, "@syscall*", "syscall"));
    CU_ASSERT(ot_refused(&l, t, "@dlsym*", "dlsym"));
    CU_ASSERT(ot_refused(&l, t, "@asm*", "__asm__(\"incl %0\")"));
    CU_ASSERT(ot_refused(&l, t, "@exit*", "_exit"));
    /* The label's target only shows in the object: told without a line, last. */
    CU_ASSERT(l.len == 6 && l.items[5].line == 0 &&
              strcmp(l.items[5].what, "the compiled program calls getenv") == 0);
    char *msg = l.len ? refusal_format(&l.items[l.len - 1]) : xstrdup("");
    CU_ASSERT(str_starts_with(msg, "student.c: the compiled program calls getenv which reads "));
    free(msg);
    ot_finish(&l);
}

/* Copies clang 14's TSan does not intercept: refused by name, the builtin
 * that becomes one too. The reentrant calls
 * the library family teaches stay allowed. */
static const char unseen_copies[] = "#define _GNU_SOURCE\n"
                                    "#include <string.h>\n"
                                    "static char buf[64];\n"
                                    "static long counter;\n"
                                    "int main(void)\n"
                                    "{\n"
                                    "    long one = counter + 1;\n"
                                    "    mempcpy(&counter, &one, sizeof one); /*@mempcpy*/\n"
                                    "    strcat(buf, \"x\"); /*@strcat*/\n"
                                    "    __builtin_stpcpy(buf, \"y\"); /*@stpcpy*/\n"
                                    "    char *save, *tok = strtok_r(buf, \",\", &save);\n"
                                    "    return tok == NULL;\n"
                                    "}\n";

static const char lock_hints[] =
    "#include <omp.h>\n"
    "int main(void)\n"
    "{\n"
    "    omp_lock_t l;\n"
    "    omp_init_lock_with_hint(&l, omp_sync_hint_uncontended); /*@hint*/\n"
    "    omp_destroy_lock(&l);\n"
    "    omp_init_lock(&l);\n"
    "    long sum = 0;\n"
    "#pragma omp parallel num_threads(2)\n"
    "    {\n"
    "#pragma omp critical (add) hint(omp_sync_hint_contended) /*@critical*/\n"
    "        sum++;\n"
    "#pragma omp critical\n"
    "        sum++;\n"
    "    }\n"
    "    omp_destroy_lock(&l);\n"
    "    return (int)sum;\n"
    "}\n";

/* A lock hint gets libomp's spinning locks, which the observer cannot make
 * sleep: refused, a function and a clause; the same without a hint is fine. */
static void test_lock_hints(void)
{
    struct refusal_list l = ot_scan("hints.c", lock_hints, 0, NULL, true);
    const char *t = lock_hints;
    CU_ASSERT(ot_refused(&l, t, "@hint*", "omp_init_lock_with_hint"));
    CU_ASSERT(ot_refused(&l, t, "@critical*", "#pragma omp critical hint"));
    CU_ASSERT_EQUAL(l.len, 2);
    char *msg = l.len ? refusal_format(&l.items[0]) : xstrdup("");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "spinning lock"));
    free(msg);
    ot_finish(&l);
}

static const char fences[] = "#include <stdatomic.h>\n"
                             "static atomic_int flag;\n"
                             "static int data;\n"
                             "int main(void)\n"
                             "{\n"
                             "    data = 1;\n"
                             "    atomic_thread_fence(memory_order_release); /*@fence*/\n"
                             "    atomic_store_explicit(&flag, 1, memory_order_relaxed);\n"
                             "    __atomic_thread_fence(__ATOMIC_ACQUIRE); /*@builtin*/\n"
                             "    __sync_synchronize(); /*@sync*/\n"
                             "    atomic_signal_fence(memory_order_seq_cst);\n"
                             "    return data;\n"
                             "}\n";

/* A standalone fence orders plain memory in a way no tool here models
 * (clang 14's TSan calls the ordered access a race): refused, in each of its
 * spellings, with the way every tool can judge; a signal fence (one thread's
 * order only) is fine, and an exercise about fences allows them. */
static void test_fences(void)
{
    struct refusal_list l = ot_scan_text(fences, 0, NULL);
    const char *t = fences;
    CU_ASSERT(ot_refused(&l, t, "@fence*", "__c11_atomic_thread_fence"));
    CU_ASSERT(ot_refused(&l, t, "@builtin*", "__atomic_thread_fence"));
    CU_ASSERT(ot_refused(&l, t, "@sync*", "__sync_synchronize"));
    CU_ASSERT_EQUAL(l.len, 3);
    char *msg = l.len ? refusal_format(&l.items[0]) : xstrdup("");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "does not model"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "memory_order_release on the store"));
    free(msg);
    ot_finish(&l);
    l = ot_scan_text(fences, ALLOW_FENCES, NULL);
    CU_ASSERT_EQUAL(l.len, 0);
    ot_finish(&l);
}

static void test_unseen_copies(void)
{
    struct refusal_list l = ot_scan_text(unseen_copies, 0, NULL);
    const char *t = unseen_copies;
    CU_ASSERT(ot_refused(&l, t, "@mempcpy*", "mempcpy"));
    CU_ASSERT(ot_refused(&l, t, "@strcat*", "strcat"));
    CU_ASSERT(ot_refused(&l, t, "@stpcpy*", "__builtin_stpcpy"));
    for (size_t i = 0; i < l.len; i++)
        CU_ASSERT_PTR_NULL(strstr(l.items[i].what, "strtok_r"));
    CU_ASSERT_EQUAL(l.len, 3);
    char *msg = l.len ? refusal_format(&l.items[0]) : xstrdup("");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "ThreadSanitizer does not see"));
    free(msg);
    ot_finish(&l);
}

static const char clocks_files_signals[] =
    "#define _GNU_SOURCE\n"
    "#include <fcntl.h>\n"
    "#include <signal.h>\n"
    "#include <stdio.h>\n"
    "#include <time.h>\n"
    "#include <unistd.h>\n"
    "static void on_signal(int sig) { (void)sig; }\n"
    "int main(void)\n"
    "{\n"
    "    double time = 0; /* a variable of the student's: no clock */\n"
    "    struct timespec ts;\n"
    "    clock_gettime(CLOCK_MONOTONIC, &ts); /*@clock*/\n"
    "    FILE *f = fopen(\"/proc/self/maps\", \"r\"); /*@fopen*/\n"
    "    int fd = open(\"/proc/self/maps\", O_RDONLY); /*@open*/\n"
    "    dup2(fd, 2); /*@dup2*/\n"
    "    close(fd); /*@close*/\n"
    "    struct sigaction sa = {.sa_handler = on_signal};\n"
    "    sigaction(SIGSEGV, &sa, NULL); /*@segv*/\n"
    "    sigaction(SIGUSR1, &sa, NULL);\n"
    "    signal(SIGUSR2, on_signal);\n"
    "    return f != NULL && time == 0;\n"
    "}\n";

static void test_clocks_files_signals(void)
{
    const char *t = clocks_files_signals;
    struct refusal_list l = ot_scan_text(t, 0, NULL);
    CU_ASSERT(ot_refused(&l, t, "@clock*", "clock_gettime"));
    CU_ASSERT(ot_refused(&l, t, "@fopen*", "fopen"));
    CU_ASSERT(ot_refused(&l, t, "@open*", "open"));
    CU_ASSERT(ot_refused(&l, t, "@dup2*", "dup2"));
    CU_ASSERT(ot_refused(&l, t, "@close*", "close"));
    CU_ASSERT(ot_refused(&l, t, "@segv*", "sigaction(SIGSEGV)"));
    CU_ASSERT_EQUAL(l.len, 6); /* not SIGUSR1 nor SIGUSR2, nor the variable `time` */
    ot_finish(&l);
    l = ot_scan_text(t, ALLOW_CLOCK | ALLOW_FILES, NULL);
    CU_ASSERT_EQUAL(l.len, 1);
    CU_ASSERT(ot_refused(&l, t, "@segv*", "sigaction(SIGSEGV)"));
    ot_finish(&l);
    l = ot_scan_text(t, ALLOW_CLOCK | ALLOW_FILES | ALLOW_SIGNALS, NULL);
    CU_ASSERT_EQUAL(l.len, 0);
    ot_finish(&l);
}

static const char shadows[] = "#include <time.h>\n"
                              "static long stamp(void)\n"
                              "{\n"
                              "    return (long)time(NULL); /*@call*/\n"
                              "}\n"
                              "static int twice(int time) { return 2 * time; }\n"
                              "int main(void)\n"
                              "{\n"
                              "    int time = 3;\n"
                              "    return twice(time) + (stamp() > 0);\n"
                              "}\n";

static void test_shadows(void)
{
    struct refusal_list l = ot_scan_text(shadows, 0, NULL);
    CU_ASSERT_EQUAL(l.len, 1);
    CU_ASSERT(ot_refused(&l, shadows, "@call*", "time"));
    ot_finish(&l);
}

static const char line_directive[] = "#define _GNU_SOURCE\n"
                                     "#include <stdlib.h>\n"
                                     "#line 1 \"/usr/include/stdlib.h\" /*@line*/\n"
                                     "char *hidden(void) { return getenv(\"X\"); }\n"
                                     "?\?=line 9 \"student.c\" /*@trigraph*/\n"
                                     "#\\\n"
                                     " 20 \"/usr/include/stdio.h\" 1 3 /*@spliced*/\n"
                                     "int main(void) { return hidden() != 0; }\n";

static void test_line_directives(void)
{
    struct refusal_list l = ot_scan_text(line_directive, 0, NULL);
    const char *t = line_directive;
    CU_ASSERT(ot_refused(&l, t, "@line*", "#line"));
    CU_ASSERT(ot_refused(&l, t, "@trigraph*", "#line"));
    CU_ASSERT(ot_refused(&l, t, "#\\", "#line")); /* the line of its `#` */
    /* The lines that follow stay the student's: getenv is refused too. */
    CU_ASSERT(ot_refused_name(&l, "getenv"));
    ot_finish(&l);
}

static void test_own_include(void)
{
    char *header = xasprintf("%s/mine.h", dir);
    const char h[] = "#include <stdlib.h>\n"
                     "static inline char *quiet(void) { return getenv(\"X\"); }\n";
    CU_ASSERT_FATAL(write_file(header, h, sizeof h - 1) == 0);
    const char t[] = "#include <stdio.h>\n"
                     "#include \"mine.h\" /*@include*/\n"
                     "int main(void) { return quiet() != 0; }\n";
    struct refusal_list l = ot_scan_text(t, 0, NULL);
    CU_ASSERT(ot_refused(&l, t, "@include*", "#include \"mine.h\""));
    /* The header's call is in the object: told without a line. */
    CU_ASSERT(ot_refused(&l, t, NULL, "the compiled program calls getenv"));
    ot_finish(&l);
    unlink(header);
    free(header);
}

/* A macro defined before racelab's header, by a name the header uses,
 * would change trusted code: refused at its line, #undef too. Feature-test
 * macros, names the header does not use and macros defined after the
 * include are the student's own business. */
static void test_steering_macros(void)
{
    const char t[] =
        "#define _POSIX_C_SOURCE 200809L\n"
        "#define ITERS 1000\n"
        "#include <pthread.h>\n"
        "#define pthread_mutex_lock(m) ((void)(m), 0) /*@lock*/\n"
        "#undef pthread_mutex_unlock /*@unlock*/\n"
        "#include <racelab/guarded.h>\n"
        "#define rl_mutex_unlock(m) ((void)(m))\n"
        "static rl_mutex m = RL_MUTEX_INITIALIZER;\n"
        "int main(void) { rl_mutex_lock(&m); rl_mutex_unlock(&m); return ITERS - 1000; }\n";
    struct refusal_list l = ot_scan_text(t, 0, NULL);
    CU_ASSERT(ot_refused(&l, t, "@lock", "#define pthread_mutex_lock"));
    CU_ASSERT(ot_refused(&l, t, "@unlock", "#undef pthread_mutex_unlock"));
    CU_ASSERT_EQUAL(l.len, 2);
    ot_finish(&l);
}

int register_optout_tests(void)
{
    CU_pSuite s = CU_add_suite("optout", suite_init, suite_clean);
    if (!s || !CU_add_test(s, "the catalog's own programs pass", test_catalog_clean) ||
        !CU_add_test(s, "attributes, through macros too", test_attributes) ||
        !CU_add_test(s, "pragmas and _Pragma", test_pragmas) ||
        !CU_add_test(s, "presence tests (preprocessing diff)", test_presence_tests) ||
        !CU_add_test(s, "detector headers and interfaces", test_detector_interfaces) ||
        !CU_add_test(s, "environment, with and without allow", test_environment) ||
        !CU_add_test(s, "processes, with and without allow", test_processes) ||
        !CU_add_test(s, "syscall, dlsym, asm, _exit", test_escapes) ||
        !CU_add_test(s, "copies ThreadSanitizer does not see", test_unseen_copies) ||
        !CU_add_test(s, "lock hints: spinning locks refused", test_lock_hints) ||
        !CU_add_test(s, "fences: refused unless allowed", test_fences) ||
        !CU_add_test(s, "clocks, files, signals", test_clocks_files_signals) ||
        !CU_add_test(s, "shadowing variables", test_shadows) ||
        !CU_add_test(s, "#line and line markers", test_line_directives) ||
        !CU_add_test(s, "an include of the student's own", test_own_include) ||
        !CU_add_test(s, "macros that steer racelab's headers", test_steering_macros) ||
        add_optout_object_tests(s) != 0)
        return -1;
    return 0;
}
