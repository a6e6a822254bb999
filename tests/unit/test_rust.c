/* test_rust.c: the racelab-rust header of Rust twins, and cargo's JSON
 * diagnostics (tests/fixtures/cargo/, recorded from real cargo builds; see
 * the README there). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "rust_build.h"
#include "test.h"
#include "util.h"
#include "verdict.h"

static const char rejected_twin[] = "/* racelab-rust\n"
                                    " * rustc: rejected E0502,  E0373\n"
                                    " * why: the closure may outlive `counter`.\n"
                                    " */\n"
                                    "fn main() {}\n";

static const char compiling_twin[] = "/* racelab-rust\n"
                                     " * rustc: compiles\n"
                                     " * why: Rust allows this: two locks in opposite orders.\n"
                                     " * symptom: timeout\n"
                                     " * oracle: stdout \"A = 90, B = 110\"\n"
                                     " * timeout: 5\n"
                                     " */\n";

static void test_valid_twins(void)
{
    struct program p;
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(
        rust_twin_parse("rust/cases/threads/x.rs", rejected_twin, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_EQUAL(p.expect[TOOL_RUSTC].mode, EXPECT_REJECTED);
    CU_ASSERT_STRING_EQUAL(p.expect[TOOL_RUSTC].codes, "E0373,E0502");
    CU_ASSERT_STRING_EQUAL(p.about, "the closure may outlive `counter`.");
    CU_ASSERT_EQUAL(p.header_end_line, 4);
    program_free(&p);

    CU_ASSERT_EQUAL_FATAL(
        rust_twin_parse("rust/cases/locking/y.rs", compiling_twin, VARIANT_UNSAFE, &p, &err), 0);
    CU_ASSERT_EQUAL(p.expect[TOOL_RUSTC].mode, EXPECT_KINDS);
    CU_ASSERT_EQUAL(p.expect[TOOL_RUSTC].kinds, 1u << FK_TIMEOUT);
    CU_ASSERT_EQUAL(p.timeout_s, 5);
    CU_ASSERT_EQUAL(p.noracles, 1);
    CU_ASSERT_EQUAL(p.expect[TOOL_TSAN].mode, EXPECT_NONE);
    program_free(&p);
}

static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    return xasprintf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

static void test_malformed_twins(void)
{
    static const struct {
        const char *base;
        enum variant variant;
        const char *from, *to, *message;
    } bad[] = {
        {rejected_twin, VARIANT_UNSAFE, "E0502,  E0373", "E502",
         "rust/x.rs:2: 'E502' is not a rustc error code (E followed by four digits, or 'uncoded' "
         "for an error that prints none)"},
        {rejected_twin, VARIANT_UNSAFE, "rejected E0502,  E0373", "rejected",
         "rust/x.rs:2: 'rejected' needs the error codes: 'rejected E0373, E0502'"},
        {rejected_twin, VARIANT_UNSAFE, "rejected E0502,  E0373", "refused",
         "rust/x.rs:2: 'rustc' is 'compiles' or 'rejected CODE, ...'"},
        {rejected_twin, VARIANT_UNSAFE, " * why: the closure may outlive `counter`.\n", "",
         "rust/x.rs:1: missing required key 'why'"},
        {rejected_twin, VARIANT_SAFE, "", "",
         "rust/x.rs:2: a safe twin must compile: it shows the Rust idiom that works"},
        {rejected_twin, VARIANT_UNSAFE, " */\n", " * timeout: 3\n */\n",
         "rust/x.rs:4: 'timeout' describes a run, and a rejected twin never runs"},
        {compiling_twin, VARIANT_UNSAFE, " * symptom: timeout\n", "",
         "rust/x.rs:1: an unsafe twin that compiles needs 'symptom': wrong-result, timeout, "
         "latent or none"},
        {compiling_twin, VARIANT_SAFE, "", "",
         "rust/x.rs:4: a safe twin has no symptom: it must run correctly"},
        {compiling_twin, VARIANT_UNSAFE, " * timeout: 5\n", "",
         "rust/x.rs:1: a twin that compiles is run: it needs 'oracle' and 'timeout'"},
        {compiling_twin, VARIANT_UNSAFE, "symptom: timeout", "symptom: hangs",
         "rust/x.rs:4: 'symptom' is 'wrong-result', 'timeout', 'latent' or 'none' (what a run of "
         "the compiled twin shows)"},
        {compiling_twin, VARIANT_UNSAFE, "/* racelab-rust", "/* racelab-case",
         "rust/x.rs:1: missing header: the file must start with a '/* racelab-rust' comment "
         "(see docs/case-format.md)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *text =
            *bad[i].from ? replace(bad[i].base, bad[i].from, bad[i].to) : xstrdup(bad[i].base);
        struct program p;
        char *err = NULL;
        int rc = rust_twin_parse("rust/x.rs", text, bad[i].variant, &p, &err);
        CU_ASSERT_EQUAL(rc, -1);
        if (rc == 0) {
            program_free(&p);
        } else {
            if (strcmp(err, bad[i].message) != 0)
                fprintf(stderr, "\n  case %zu: got      '%s'\n          expected '%s'\n", i, err,
                        bad[i].message);
            CU_ASSERT_STRING_EQUAL(err, bad[i].message);
            free(err);
        }
        free(text);
    }
}

static void check_fixture(const char *name, const char *bin, const char *codes, int line)
{
    char *rel = xasprintf("cargo/%s.json", name);
    size_t len;
    char *text = test_fixture(rel, &len);
    struct finding_list errors = {0};
    int n = cargo_messages_parse(text, bin, &errors);
    CU_ASSERT(n > 0);
    char *got = compile_error_codes(&errors);
    CU_ASSERT_STRING_EQUAL(got, codes);
    CU_ASSERT_FATAL(errors.len > 0);
    const struct finding *f = &errors.items[0];
    CU_ASSERT_EQUAL(f->kind, FK_COMPILE_ERROR);
    CU_ASSERT_EQUAL_FATAL(f->naccesses, 1);
    CU_ASSERT_EQUAL(f->accesses[0].frames[0].line, line);
    CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "error")); /* rendered, as rustc prints it */
    /* Another target's messages are not this twin's. */
    struct finding_list none = {0};
    CU_ASSERT_EQUAL(cargo_messages_parse(text, "some-other-bin", &none), 0);
    free(got);
    finding_list_free(&errors);
    free(text);
    free(rel);
}

static void test_cargo_messages(void)
{
    check_fixture("e0499-rustc-1.63", "cases-threads-shared-counter", "E0499", 10);
    check_fixture("e0373-e0502-rustc-1.95", "two_codes", "E0373,E0502", 4);
    check_fixture("uncoded-rustc-1.95", "uncoded", "uncoded", 6);
    struct finding_list errors = {0};
    CU_ASSERT_EQUAL(cargo_messages_parse("error: could not find `Cargo.toml`\n", "x", &errors), -1);
    CU_ASSERT_EQUAL(cargo_messages_parse("", "x", &errors), -1);
    CU_ASSERT_EQUAL(errors.len, 0);
}

static void test_bin_names(void)
{
    struct program twin = {.path = "rust/safe/threads/shared-counter.rs"};
    char *name = rust_bin_name(&twin);
    CU_ASSERT_STRING_EQUAL(name, "safe-threads-shared-counter");
    free(name);
}

int register_rust_tests(void)
{
    CU_pSuite s = CU_add_suite("rust twins", NULL, NULL);
    if (!s || !CU_add_test(s, "valid twin headers", test_valid_twins) ||
        !CU_add_test(s, "malformed twin headers", test_malformed_twins) ||
        !CU_add_test(s, "cargo JSON diagnostics", test_cargo_messages) ||
        !CU_add_test(s, "cargo target names", test_bin_names))
        return -1;
    return 0;
}
