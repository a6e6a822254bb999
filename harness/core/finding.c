/* finding.c: see finding.h. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const kind_names[FK__COUNT] = {
    [FK_DATA_RACE] = "data-race",
    [FK_USE_AFTER_FREE] = "use-after-free",
    [FK_LOCK_ORDER] = "lock-order",
    [FK_UNLOCK_UNOWNED] = "unlock-unowned",
    [FK_DOUBLE_LOCK] = "double-lock",
    [FK_DESTROY_LOCKED] = "destroy-locked",
    [FK_LOCK_HELD_AT_EXIT] = "lock-held-at-exit",
    [FK_INVALID_LOCK] = "invalid-lock",
    [FK_RWLOCK_MISUSE] = "rwlock-misuse",
    [FK_CONDVAR_MISUSE] = "condvar-misuse",
    [FK_API_ERROR] = "api-error",
    [FK_THREAD_LEAK] = "thread-leak",
    [FK_SIGNAL_UNSAFE] = "signal-unsafe",
    [FK_ERRNO_SPOILED] = "errno-spoiled",
    [FK_MT_UNSAFE_CALL] = "mt-unsafe-call",
    [FK_ASYNC_CANCEL] = "async-cancel",
    [FK_BAD_THREAD_SIGNAL] = "bad-thread-signal",
    [FK_BLOCK_UNDER_LOCK] = "block-under-lock",
    [FK_OTHER] = "other",
    [FK_TIMEOUT] = "timeout",
    [FK_WRONG_RESULT] = "wrong-result",
    [FK_COMPILE_ERROR] = "compile-error",
};

const char *finding_kind_name(enum finding_kind kind)
{
    return (unsigned)kind < FK__COUNT ? kind_names[kind] : "other";
}

int finding_kind_from_name(const char *name)
{
    for (int k = 0; k < FK__COUNT; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

struct finding *finding_list_add(struct finding_list *list)
{
    list->items = grow_array(list->items, &list->cap, list->len + 1, sizeof *list->items);
    struct finding *f = &list->items[list->len++];
    memset(f, 0, sizeof *f);
    return f;
}

struct access *finding_add_access(struct finding *f)
{
    f->accesses = xrealloc(f->accesses, (f->naccesses + 1) * sizeof *f->accesses);
    struct access *a = &f->accesses[f->naccesses++];
    memset(a, 0, sizeof *a);
    a->thread = -1;
    return a;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void access_add_frame(struct access *a, const char *function, const char *file, const char *object,
                      int line, int column)
{
    a->frames = xrealloc(a->frames, (a->nframes + 1) * sizeof *a->frames);
    struct frame *fr = &a->frames[a->nframes++];
    fr->function = dup_or_null(function);
    fr->file = dup_or_null(file);
    fr->object = dup_or_null(object);
    fr->line = line;
    fr->column = column;
    fr->offset = 0;
}

void access_clear(struct access *a)
{
    for (size_t i = 0; i < a->nframes; i++) {
        free(a->frames[i].function);
        free(a->frames[i].file);
        free(a->frames[i].object);
    }
    free(a->frames);
    free(a->what);
    memset(a, 0, sizeof *a);
}

void finding_list_free(struct finding_list *list)
{
    for (size_t i = 0; i < list->len; i++) {
        struct finding *f = &list->items[i];
        for (size_t j = 0; j < f->naccesses; j++)
            access_clear(&f->accesses[j]);
        free(f->accesses);
        free(f->tool_kind);
        free(f->message);
        free(f->location);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

const char *finding_filter_name(enum finding_filter filter)
{
    static const char *const names[] = {NULL, "suppression", "baseline", "tool-model"};
    return names[filter];
}

void finding_list_append_copy(struct finding_list *dst, const struct finding *src)
{
    struct finding *f = finding_list_add(dst);
    f->kind = src->kind;
    f->filtered_by = src->filtered_by;
    f->tool_kind = dup_or_null(src->tool_kind);
    f->message = dup_or_null(src->message);
    f->location = dup_or_null(src->location);
    f->runs_seen = src->runs_seen;
    f->runs_mask = src->runs_mask;
    for (size_t j = 0; j < src->naccesses; j++) {
        const struct access *sa = &src->accesses[j];
        struct access *a = finding_add_access(f);
        a->what = dup_or_null(sa->what);
        a->thread = sa->thread;
        for (size_t k = 0; k < sa->nframes; k++) {
            const struct frame *fr = &sa->frames[k];
            access_add_frame(a, fr->function, fr->file, fr->object, fr->line, fr->column);
            a->frames[a->nframes - 1].offset = fr->offset;
        }
    }
}

size_t finding_list_move_if(struct finding_list *from, struct finding_list *to,
                            bool (*take)(void *ctx, const struct finding *f), void *ctx,
                            enum finding_filter mark)
{
    size_t kept = 0, moved = 0;
    for (size_t i = 0; i < from->len; i++) {
        struct finding *f = &from->items[i];
        if (take(ctx, f)) {
            f->filtered_by = mark;
            *finding_list_add(to) = *f; /* the finding's storage moves with it */
            moved++;
        } else {
            from->items[kept++] = *f;
        }
    }
    from->len = kept;
    return moved;
}

static bool frame_is_user(const struct frame *fr, const char *source_root)
{
    if (!fr->file || fr->line <= 0)
        return false;
    /* Debian's glibc debug info names relative files (./nptl/pthread_create.c):
     * a frame in a system library is never the user's, whatever its path. */
    if (fr->object && (str_starts_with(fr->object, "/usr/") || str_starts_with(fr->object, "/lib")))
        return false;
    if (strstr(fr->file, "/libsanitizer/"))
        return false; /* gcc's libtsan has debug info under a relative path */
    /* racelab/guarded.h's wrappers stand for the pthread call they make:
     * the user's line is their caller's. */
    if (strcmp(fr->file, "racelab/guarded.h") == 0 || str_ends_with(fr->file, "/racelab/guarded.h"))
        return false;
    if (fr->file[0] != '/')
        return true; /* gcc prints the path it was given: the user's relative path */
    if (source_root)
        return str_starts_with(fr->file, source_root);
    return !str_starts_with(fr->file, "/usr/") && !strstr(fr->file, "/compiler-rt/") &&
           !strstr(fr->file, "sanitizer_common") && !strstr(fr->file, "/libsanitizer/");
}

int access_user_frame(const struct access *a, const char *source_root)
{
    for (size_t i = 0; i < a->nframes; i++)
        if (frame_is_user(&a->frames[i], source_root))
            return (int)i;
    return -1;
}

const struct frame *finding_user_frame(const struct finding *f, const char *source_root)
{
    for (size_t i = 0; i < f->naccesses; i++) {
        int k = access_user_frame(&f->accesses[i], source_root);
        if (k >= 0)
            return &f->accesses[i].frames[k];
    }
    return NULL;
}

bool frame_is_system(const struct frame *f)
{
    const char *obj = f->object ? f->object : "";
    return str_starts_with(obj, "/lib/") || str_starts_with(obj, "/usr/lib/") ||
           (f->function && str_starts_with(f->function, "__interceptor_"));
}

char *access_place(const struct access *stack, size_t from)
{
    for (size_t i = from; i < stack->nframes; i++) {
        const struct frame *f = &stack->frames[i];
        if (f->file && f->line > 0 && !frame_is_system(f))
            return xasprintf("%s at %s:%d", f->function ? f->function : "?", path_base(f->file),
                             f->line);
    }
    if (from < stack->nframes) {
        const struct frame *f = &stack->frames[from];
        return xasprintf("%s (%s)", f->function ? f->function : "?", path_base(f->object));
    }
    return xstrdup("an unknown place");
}
