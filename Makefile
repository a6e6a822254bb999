# racelab: build the harness, check the catalog, run the tests.
#
#   make                 build build/racelab (and the thread-count shim it links into cases)
#   make check-races     check the whole catalog under every tool (RACELAB_ARGS=... adds options;
#                        RACELAB_CLANG=clang-14 picks a toolchain)
#   make catalog-page    regenerate docs/catalog.md and the README's summary from the headers
#   make test            unit + integration tests, plain and under ASan/UBSan, TSan and Helgrind,
#                        the catalog under each installed clang (docs/toolchains.md)
#   make redteam         every cheat and unusual fix of tests/programs/redteam, through
#                        exercise check and grade (about 15 minutes; make test runs a smoke)
#   make accuracy        racelab run against the raw tools on bench/accuracy's labelled programs
#   make bench           benchmarks: fib three ways in C and Rust, the cost of discipline,
#                        racelab's own speed (build/bench: JSON, table, SVG charts)
#   make fuzz            every parser under libFuzzer for FUZZ_SECONDS each (default 120),
#                        then its line coverage (tests/fuzz/README.md; make test replays
#                        the corpus and fuzzes each for a few seconds)
#   make format          clang-format every C file; make format-check fails on a diff
#   make clean
#
# Missing Debian packages are installed by scripts/ensure-deps (as root) or
# it prints the one command that will.

BUILD   := build
CC      ?= cc
CLANG   := clang
CSTD    := -std=c17
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
# The harness's folders, lowest layer first (each one's README says what it
# owns and may call; scripts/check-layers keeps the includes one-way).
HARNESS_DIRS := core process tools engine reports classroom cli
HARNESS_INC  := $(addprefix -Iharness/,$(HARNESS_DIRS))
HARNESS_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) -pthread $(HARNESS_INC)
LIBS    := -lexpat -ljson-c -lseccomp -pthread

HARNESS_SRC := $(filter-out harness/cli/main.c,$(wildcard $(HARNESS_DIRS:%=harness/%/*.c)))
TEST_SRC    := $(wildcard tests/unit/*.c)
HEADERS     := $(wildcard $(HARNESS_DIRS:%=harness/%/*.h) tests/unit/*.h)
vpath %.c $(HARNESS_DIRS:%=harness/%)
# The shims, built by every supported clang that is installed
# (scripts/build-shims): rebuilt when a source changes or a clang comes or goes.
SHIM_SRC    := $(wildcard harness/shim/*.c)
SHIMS       := $(BUILD)/shim/.built
DEPS_STAMP  := $(BUILD)/.deps-ok
TEST_DEPS_STAMP := $(BUILD)/.test-deps-ok

# Test runners: one plain, one under ASan+UBSan, one under TSan (the harness
# is concurrent code too). All share the sources; only flags differ.
TEST_VARIANTS := plain asan tsan
SAN_asan  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_tsan  := -fsanitize=thread
SAN_plain :=

.PHONY: all check-races catalog-page test unit-tests redteam classroom-accuracy accuracy bench fuzz fuzz-targets format format-check clean deps
.DELETE_ON_ERROR:

all: $(BUILD)/racelab $(SHIMS)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps scripts/ensure-deps
	@scripts/ensure-deps
	@mkdir -p $(BUILD) && touch $@

# make test also needs the test packages (CUnit, clang-format, Chromium).
$(TEST_DEPS_STAMP): scripts/install-deps scripts/ensure-deps
	@scripts/ensure-deps --test
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/obj/%.o: %.c $(HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(HARNESS_CFLAGS) -c $< -o $@

$(BUILD)/racelab: $(patsubst %.c,$(BUILD)/obj/%.o,$(notdir $(HARNESS_SRC)) main.c)
	$(CC) $(HARNESS_CFLAGS) $^ -o $@ $(LIBS)

# The shim has no debug information, so that no report names it as the user's
# code. For TSan it is instrumented: its function entry records the caller's
# line (main's pthread_create call), which TSan would lose across an
# uninstrumented frame. Its counter uses relaxed atomics, which TSan does not
# treat as synchronisation (see the file's comment). Each shim is several
# sources (the count; C11 <threads.h> made of pthread calls the tools see; for
# Valgrind, a pthread_spin_lock its wrappers do not mistake for a recursive
# lock), compiled one by one and joined by `ld -r` into the one object that
# build.c links into every program. One set per toolchain: build/shim/clang-N/.
$(SHIMS): $(SHIM_SRC) scripts/build-shims $(wildcard /usr/lib/llvm-*/bin/clang) | $(DEPS_STAMP)
	scripts/build-shims $(BUILD)/shim
	@touch $@

# RACELAB_ARGS adds options, e.g. reports for CI:
#   make check-races RACELAB_ARGS="--format text --format sarif --output races.sarif"
# make exits 2 whenever a recipe fails, so the last line says which of
# racelab's statuses it was; a CI gate that must tell a race (1) from a broken
# setup (2) runs `make all` and then build/racelab check itself (docs/ci.md).
check-races: all
	@$(BUILD)/racelab check $(RACELAB_ARGS); rc=$$?; \
	case $$rc in \
	0) ;; \
	1) echo "racelab check: exit status 1: a verdict failed" >&2 ;; \
	*) echo "racelab check: exit status $$rc: a usage, configuration or tool error" >&2 ;; \
	esac; exit $$rc

# docs/catalog.md and the README's summary tables are generated from the
# headers; tests/cli.sh fails when either is stale.
catalog-page: all
	$(BUILD)/racelab list --format markdown > docs/catalog.md
	scripts/update-readme-summary $(BUILD)/racelab README.md

define test_runner
$(BUILD)/test-$(1)/unit-tests: $(HARNESS_SRC) $(TEST_SRC) $(HEADERS) | $(TEST_DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$(CLANG) $(CSTD) $(WARN) -O1 -g -pthread $(HARNESS_INC) -Itests/unit $(SAN_$(1)) \
	    $(HARNESS_SRC) $(TEST_SRC) -o $$@ -lcunit $(LIBS)
endef
$(foreach v,$(TEST_VARIANTS),$(eval $(call test_runner,$(v))))

# Fuzz targets (tests/fuzz/fuzz_NAME.c, one per parser): the harness built
# once per variant into an archive, each target linked against it. `fuzz`
# is libFuzzer with ASan and UBSan (every finding stops the run); `fuzz-cov`
# is the same targets with source-based coverage, only to replay corpora
# for llvm-cov.
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_CFLAGS  := $(CSTD) $(WARN) -O1 -g -pthread $(HARNESS_INC) -Itests/fuzz
FUZZ_FLAGS_fuzz     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                       -fno-omit-frame-pointer
FUZZ_FLAGS_fuzz-cov := -fprofile-instr-generate -fcoverage-mapping
define fuzz_variant
$(BUILD)/$(1)/obj/%.o: %.c $(HEADERS) | $(TEST_DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -fsanitize=fuzzer-no-link -c $$< -o $$@
$(BUILD)/$(1)/libharness.a: $(patsubst %.c,$(BUILD)/$(1)/obj/%.o,$(notdir $(HARNESS_SRC)))
	rm -f $$@ && ar rcs $$@ $$^
$(BUILD)/$(1)/bin/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/$(1)/libharness.a
	@mkdir -p $$(dir $$@)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -fsanitize=fuzzer $$< $(BUILD)/$(1)/libharness.a \
	    -o $$@ $(LIBS)
endef
$(foreach v,fuzz fuzz-cov,$(eval $(call fuzz_variant,$(v))))
fuzz-targets: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/bin/%)

# Every target for FUZZ_SECONDS (default 120), FUZZ_JOBS at a time (default:
# the cores), seeded from the checked-in corpus and the recorded fixtures;
# then each parser's line coverage. FUZZ_ARGS=... passes scripts/fuzz options
# (--merge adds what was found to tests/fuzz/corpus, minimised).
fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/bin/%) $(FUZZ_TARGETS:%=$(BUILD)/fuzz-cov/bin/%)
	scripts/fuzz --seconds $(or $(FUZZ_SECONDS),120) $(if $(FUZZ_JOBS),--jobs $(FUZZ_JOBS)) \
	    --coverage $(FUZZ_ARGS) $(BUILD)

# The plain runner checks the whole catalog; the sanitizer runners run every
# unit test and the integration tests on a smaller selection (the engine's
# threads and process handling are the same; only the count differs).
test: all $(foreach v,$(TEST_VARIANTS),$(BUILD)/test-$(v)/unit-tests) fuzz-targets
	scripts/check-layers
	scripts/fuzz --replay --seconds $(or $(FUZZ_SMOKE_SECONDS),5) $(BUILD)
	$(BUILD)/test-plain/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	    RACELAB_TEST_SELECTION=quick $(BUILD)/test-asan/unit-tests
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
	    RACELAB_TEST_SELECTION=quick $(BUILD)/test-tsan/unit-tests
	tests/harness-under-helgrind.sh $(BUILD)/racelab
	tests/executor.sh
	tests/rust-toolchains.sh $(BUILD)/racelab
	tests/cli.sh $(BUILD)/racelab
	tests/run-foreign.sh $(BUILD)/racelab
	tests/hostile.sh $(BUILD)/racelab
	tests/toolchains.sh $(BUILD)/racelab
	tests/html-report.sh $(BUILD)/racelab
	tests/exercise.sh $(BUILD)/racelab
	tests/grade.sh $(BUILD)/racelab
	tests/redteam.sh --smoke $(BUILD)/racelab
	tests/workflows.sh
	$(MAKE) -s -C bench/c check
	@echo "make test: all test stages passed"

# The whole red team: each program as a student's fix, then as a class.
redteam: all
	tests/redteam.sh $(BUILD)/racelab

# How often each red-team program gets its right verdict, over repeated
# checks: precision and recall of the classroom verdict (REPEAT=N, default 10).
classroom-accuracy: all
	scripts/classroom-accuracy --repeat $(or $(REPEAT),10) $(BUILD)/racelab

# racelab run on programs it never saw: precision, recall and accuracy of its
# default plan and of the raw tools on bench/accuracy (about 86 programs,
# half an hour on two cores; build/accuracy/report.md). ACCURACY_ARGS=...
# passes options (--only ERE, --jobs J, --timeout S).
accuracy: all
	@scripts/ensure-deps --bench
	scripts/accuracy $(ACCURACY_ARGS) $(BUILD)/racelab

# Benchmarks (never part of make test): medians of repeated runs, speed-ups
# within one run, charts; see scripts/bench for the knobs (BENCH_RUNS, ...).
bench: all
	@scripts/ensure-deps --bench
	scripts/bench

format:
	clang-format -i harness/*/*.c harness/*/*.h tests/unit/*.c tests/unit/*.h tests/executor/*.c \
	    tests/fuzz/*.[ch] include/racelab/*.h bench/c/*.[ch]

format-check:
	clang-format --dry-run -Werror harness/*/*.c harness/*/*.h tests/unit/*.c \
	    tests/unit/*.h tests/executor/*.c tests/fuzz/*.[ch] include/racelab/*.h bench/c/*.[ch]

clean:
	rm -rf $(BUILD)
