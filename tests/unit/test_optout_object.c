/* test_optout_object.c: the opt-out scan's object side and edges: the ELF
 * reader (optout_object_read) on objects clang makes and on truncated,
 * corrupted and hostile files, which must give an error and never a crash;
 * definitions of reserved names; racelab's own headers; the facts; a source
 * that does not compile; the refusals' one-line format. Part of the "optout"
 * suite (test_optout.c registers it and holds the helpers). */
#define _GNU_SOURCE
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <elf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "optout.h"
#include "proc.h"
#include "sandbox.h"
#include "test.h"
#include "test_optout.h"
#include "util.h"

/* Compile text to an object in the suite's directory; returns its path (malloc'd). */
static char *compile(const char *name, const char *text)
{
    char *src = xasprintf("%s/%s.c", ot_dir(), name), *obj = xasprintf("%s/%s.o", ot_dir(), name);
    CU_ASSERT_FATAL(write_file(src, text, strlen(text)) == 0);
    const char *argv[] = {"clang", "-c", "-O0", "-w", "-o", obj, src, NULL};
    const char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", NULL};
    struct proc_spec spec = {.argv = argv, .envp = env, .timeout_s = 60, .output_cap = 4096};
    struct proc_result pr;
    CU_ASSERT_FATAL(proc_run(&spec, &pr) == 0);
    CU_ASSERT_EQUAL_FATAL(pr.exit_code, 0);
    proc_result_free(&pr);
    free(src);
    return obj;
}

static bool holds(char **v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0)
            return true;
    return false;
}

static void test_imports_exports(void)
{
    char *obj = compile("plain", "#include <stdlib.h>\n"
                                 "int visible = 1;\n"
                                 "static int hidden;\n"
                                 "extern int maybe __attribute__((weak));\n"
                                 "int main(void) { return getenv(\"X\") != 0 && &maybe && "
                                 "!hidden; }\n");
    struct optout_object o;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(optout_object_read(obj, &o, &err), 0);
    CU_ASSERT_PTR_NULL(err);
    CU_ASSERT(holds(o.imports, o.nimports, "getenv"));
    CU_ASSERT(holds(o.imports, o.nimports, "maybe")); /* weak and undefined */
    CU_ASSERT(holds(o.exports, o.nexports, "main"));
    CU_ASSERT(holds(o.exports, o.nexports, "visible"));
    CU_ASSERT_FALSE(holds(o.exports, o.nexports, "hidden")); /* local */
    CU_ASSERT_EQUAL(o.nearly, 0);
    optout_object_free(&o);
    free(obj);
}

/* The section check alone: an .init_array entry made by hand (the token
 * scan would refuse `section`; the reader must see it on its own). */
static void test_early_sections(void)
{
    char *obj = compile("early", "static void early(void) {}\n"
                                 "__attribute__((section(\".init_array\"), used))\n"
                                 "static void (*run)(void) = early;\n"
                                 "__attribute__((destructor(200))) static void late(void) {}\n"
                                 "int main(void) { return 0; }\n");
    struct optout_object o;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(optout_object_read(obj, &o, &err), 0);
    CU_ASSERT(holds(o.early, o.nearly, ".init_array"));
    CU_ASSERT(holds(o.early, o.nearly, ".fini_array.200") ||
              holds(o.early, o.nearly, ".fini_array"));
    optout_object_free(&o);
    free(obj);
}

static void expect_error(const char *path, const char *why)
{
    struct optout_object o;
    char *err = NULL;
    int rc = optout_object_read(path, &o, &err);
    if (rc == 0)
        fprintf(stderr, "\n  %s was read (%s)", path, why);
    CU_ASSERT_EQUAL(rc, -1);
    CU_ASSERT(err && str_starts_with(err, path));
    CU_ASSERT_EQUAL(o.nimports + o.nexports + o.nearly, 0);
    free(err);
}

static char *put(const char *name, const void *data, size_t len)
{
    char *path = xasprintf("%s/%s", ot_dir(), name);
    CU_ASSERT_FATAL(write_file(path, data, len) == 0);
    return path;
}

static void test_broken_files(void)
{
    char *obj = compile("victim", "#include <stdio.h>\nint main(void) { return puts(\"x\"); }\n");
    char *good = NULL;
    size_t len = 0;
    CU_ASSERT_FATAL(read_file(obj, &good, &len) == 0);
    CU_ASSERT_FATAL(len > sizeof(Elf64_Ehdr));

    char *p = put("empty.o", "", 0);
    expect_error(p, "empty");
    free(p);
    p = put("text.o", "hello, world\n", 13);
    expect_error(p, "not ELF");
    free(p);
    p = put("header.o", good, sizeof(Elf64_Ehdr) - 1);
    expect_error(p, "header cut");
    free(p);
    p = put("half.o", good, len / 2); /* the section headers are at the end */
    expect_error(p, "cut in half");
    free(p);
    char *missing = xasprintf("%s/no-such.o", ot_dir());
    expect_error(missing, "missing");
    free(missing);

    /* Header fields pointing outside the file or past the tables. */
    static const struct {
        const char *name;
        size_t offset, size;
        unsigned long long value;
    } fields[] = {
        {"shoff", offsetof(Elf64_Ehdr, e_shoff), 8, 0xffffffffffffff00ull},
        {"shnum", offsetof(Elf64_Ehdr, e_shnum), 2, 0xfff0},
        {"shentsize", offsetof(Elf64_Ehdr, e_shentsize), 2, 12},
        {"class", EI_CLASS, 1, ELFCLASS32},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char *bad = xmalloc(len);
        memcpy(bad, good, len);
        memcpy(bad + fields[i].offset, &fields[i].value, fields[i].size);
        p = put("field.o", bad, len);
        expect_error(p, fields[i].name);
        free(p);
        free(bad);
    }

    /* Every section header's offset and size, then link, made hostile in
     * turn; and random bytes anywhere: an error or a clean read, never a
     * crash (the ASan runner sees any out-of-bounds read). */
    Elf64_Ehdr eh;
    memcpy(&eh, good, sizeof eh);
    srand(12345);
    for (int round = 0; round < 600; round++) {
        char *bad = xmalloc(len);
        memcpy(bad, good, len);
        if (round < 3 * eh.e_shnum) {
            size_t sh = eh.e_shoff + (size_t)(round / 3) * sizeof(Elf64_Shdr);
            size_t field = round % 3 == 0   ? offsetof(Elf64_Shdr, sh_offset)
                           : round % 3 == 1 ? offsetof(Elf64_Shdr, sh_size)
                                            : offsetof(Elf64_Shdr, sh_link);
            unsigned long long v = round % 3 == 2 ? 0xfffffff0ull : 0x7ffffffffffff000ull;
            memcpy(bad + sh + field, &v, round % 3 == 2 ? 4 : 8);
        } else {
            for (int k = 0; k < 8; k++)
                bad[(size_t)rand() % len] = (char)rand();
        }
        p = put("fuzz.o", bad, len);
        struct optout_object o;
        char *err = NULL;
        int rc = optout_object_read(p, &o, &err);
        CU_ASSERT(rc == 0 ? err == NULL : err != NULL);
        if (rc == 0)
            optout_object_free(&o);
        free(err);
        free(p);
        free(bad);
    }
    free(good);
    free(obj);
}

static void test_format(void)
{
    struct refusal with = {.file = "threads/shared-counter.c",
                           .line = 12,
                           .what = "no_sanitize(\"thread\")",
                           .why = "turns ThreadSanitizer off for this function; an exercise must "
                                  "be judged with it on"};
    char *s = refusal_format(&with);
    CU_ASSERT_STRING_EQUAL(s, "threads/shared-counter.c:12: no_sanitize(\"thread\") turns "
                              "ThreadSanitizer off for this function; an exercise must be judged "
                              "with it on");
    free(s);
    struct refusal without = {.file = "a.c", .line = 0, .what = ".init_array", .why = "runs."};
    s = refusal_format(&without);
    CU_ASSERT_STRING_EQUAL(s, "a.c: .init_array runs.");
    free(s);
    struct refusal_list empty = {0};
    refusal_list_free(&empty);
}

/* racelab's own headers may do what the student may not: handshake.h calls
 * syscall() and _exit() in its inline functions. */
static void test_racelab_headers(void)
{
    const char t[] = "#define _GNU_SOURCE\n"
                     "#include <pthread.h>\n"
                     "#include <racelab/handshake.h>\n"
                     "static struct rl_handshake hs;\n"
                     "static void *worker(void *arg) { rl_handshake_signal(&hs); return arg; }\n"
                     "int main(void)\n"
                     "{\n"
                     "    pthread_t t;\n"
                     "    rl_handshake_init(&hs);\n"
                     "    pthread_create(&t, NULL, worker, NULL);\n"
                     "    rl_handshake_wait(&hs);\n"
                     "    pthread_join(t, NULL);\n"
                     "    rl_handshake_destroy(&hs);\n"
                     "    return 0;\n"
                     "}\n";
    struct refusal_list l = ot_scan_text(t, 0, NULL);
    CU_ASSERT_EQUAL(l.len, 0);
    ot_finish(&l);
}

static void test_definitions_and_sections(void)
{
    const char t[] = "#include <pthread.h>\n"
                     "int pthread_mutex_lock(pthread_mutex_t *m) /*@def*/\n"
                     "{\n"
                     "    (void)m;\n"
                     "    return 0;\n"
                     "}\n"
                     "int main(void) { return 0; }\n";
    struct refusal_list l = ot_scan_text(t, 0, NULL);
    CU_ASSERT_EQUAL(l.len, 1);
    CU_ASSERT(ot_refused(&l, t, "@def*", "pthread_mutex_lock"));
    ot_finish(&l);
}

/* Scan text written to dir/student.c with these limits: the return code,
 * the refusals in *l, the error in *err. */
static int scan_in(const char *dir, const char *text, const struct proc_limits *limits,
                   struct refusal_list *l, char **err)
{
    char *path = xasprintf("%s/student.c", dir);
    CU_ASSERT_FATAL(write_file(path, text, strlen(text)) == 0);
    chmod(path, 0644);
    const char *lang[] = {"-std=c17", "-pthread", NULL};
    struct optout_request req = {
        .cwd = dir, .source = "student.c", .lang_argv = lang, .limits = limits, .work_dir = dir};
    unsigned facts = 1;
    *err = NULL;
    int rc = optout_scan(&req, l, &facts, err);
    if (rc != 0)
        CU_ASSERT_EQUAL(facts, 0);
    free(path);
    return rc;
}

/* Nothing is judged in a file that does not compile, and the caller is
 * told so (with clang's words), never handed an empty list as if clean. */
static void test_not_compiling(void)
{
    const char t[] = "#include <stdlib.h>\n"
                     "int main(void) { return getenv(\"X\") + ; }\n";
    struct refusal_list l;
    char *err;
    CU_ASSERT_EQUAL(scan_in(ot_dir(), t, NULL, &l, &err), 1);
    CU_ASSERT_EQUAL(l.len, 0);
    CU_ASSERT(err && strstr(err, "student.c:2") && strstr(err, "error:"));
    free(err);
    const char pp[] = "#include <no/such/header.h>\n"
                      "#include <valgrind/helgrind.h>\n"
                      "int main(void) { return 0; }\n";
    CU_ASSERT_EQUAL(scan_in(ot_dir(), pp, NULL, &l, &err), 1);
    CU_ASSERT_EQUAL(l.len, 0);
    CU_ASSERT(err && strstr(err, "no/such/header.h"));
    free(err);
}

/* As root, a grader runs clang under a sandbox uid: the scan must still
 * compile (in a directory of its own that uid may write, inside a work
 * directory it may not) and still refuse. */
static void test_scan_as_sandbox_uid(void)
{
    if (geteuid() != 0)
        return; /* no uid to switch to: covered by the scans above */
    struct sandbox sb;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(sandbox_slots_init(&sb, 1, &err), 0);
    struct proc_limits lim = {0};
    sandbox_use_slot(&lim, &sb, 0);
    char *dir = xasprintf("%s/as-uid", ot_dir());
    CU_ASSERT_EQUAL_FATAL(mkdir_p(dir), 0);
    chmod(ot_dir(), 0755);
    chmod(dir, 0755); /* readable, not writable, by the uid */
    const char t[] = "#include <sys/socket.h>\n"
                     "int main(void) { return socket(AF_INET, SOCK_STREAM, 0) < 0; }\n";
    struct refusal_list l;
    int rc = scan_in(dir, t, &lim, &l, &err);
    if (rc != 0)
        fprintf(stderr, "\n  optout_scan as uid %u: %s\n", lim.uid, err ? err : "?");
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(rc == 0 && ot_refused(&l, t, "socket(", "socket"));
    if (rc == 0)
        ot_finish(&l);
    free(err);
    /* Nothing is left behind: each scan's own directory goes with it. */
    size_t n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.' && strcmp(e->d_name, "student.c") != 0;
    if (d)
        closedir(d);
    CU_ASSERT_EQUAL(n, 0);
    free(dir);
    sandbox_slots_free(&sb);
}

static void test_facts(void)
{
    const char t[] = "#define _GNU_SOURCE\n"
                     "#include <pthread.h>\n"
                     "#include <semaphore.h>\n"
                     "#include <stdatomic.h>\n"
                     "#include <unistd.h>\n"
                     "static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
                     "static pthread_cond_t c = PTHREAD_COND_INITIALIZER;\n"
                     "static pthread_spinlock_t s;\n"
                     "static sem_t sem;\n"
                     "static volatile int flag;\n"
                     "static atomic_flag af = ATOMIC_FLAG_INIT;\n"
                     "static int plain;\n"
                     "int main(void)\n"
                     "{\n"
                     "    pthread_mutex_lock(&m);\n"
                     "    pthread_cond_signal(&c);\n"
                     "    pthread_mutex_unlock(&m);\n"
                     "    pthread_spin_init(&s, 0);\n"
                     "    sem_init(&sem, 0, 1);\n"
                     "    usleep(1);\n"
                     "    atomic_flag_clear(&af);\n"
                     "    __atomic_store_n(&plain, 1, __ATOMIC_RELAXED);\n"
                     "    return flag;\n"
                     "}\n";
    unsigned facts = 0;
    struct refusal_list l = ot_scan_text(t, 0, &facts);
    CU_ASSERT_EQUAL(l.len, 0);
    unsigned want = FACT_ATOMICS | FACT_RELAXED | FACT_VOLATILE | FACT_SLEEP | FACT_MUTEX |
                    FACT_SPINLOCK | FACT_SEMAPHORE | FACT_CONDVAR | FACT_ATOMIC_FLAG;
    CU_ASSERT_EQUAL(facts, want);
    ot_finish(&l);
}

static void test_scan_errors(void)
{
    const char *lang[] = {"-std=c17", NULL};
    struct optout_request req = {
        .cwd = ot_dir(), .source = "missing.c", .lang_argv = lang, .work_dir = ot_dir()};
    struct refusal_list l;
    unsigned facts;
    char *err = NULL;
    CU_ASSERT_EQUAL(optout_scan(&req, &l, &facts, &err), -1);
    CU_ASSERT(err && strstr(err, "missing.c"));
    free(err);
    CU_ASSERT_EQUAL(l.len, 0);
}

int add_optout_object_tests(CU_pSuite s)
{
    if (!CU_add_test(s, "ELF: imports and exports", test_imports_exports) ||
        !CU_add_test(s, "ELF: sections run before main", test_early_sections) ||
        !CU_add_test(s, "ELF: broken and hostile files", test_broken_files) ||
        !CU_add_test(s, "refusal format", test_format) ||
        !CU_add_test(s, "racelab's headers are trusted", test_racelab_headers) ||
        !CU_add_test(s, "reserved definitions", test_definitions_and_sections) ||
        !CU_add_test(s, "a file that does not compile", test_not_compiling) ||
        !CU_add_test(s, "a scan as a sandbox uid", test_scan_as_sandbox_uid) ||
        !CU_add_test(s, "facts", test_facts) || !CU_add_test(s, "scan errors", test_scan_errors))
        return -1;
    return 0;
}
