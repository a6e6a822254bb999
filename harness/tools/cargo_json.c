/* cargo_json.c: cargo's --message-format=json, one JSON object per line (see
 * rust_build.h). Only compiler messages matter here:
 *   {"reason":"compiler-message","target":{"name":BIN,...},
 *    "message":{"level":"error","code":{"code":"E0373",...}|null,
 *               "message":"closure may outlive ...","rendered":"error[E0373]: ...",
 *               "spans":[{"file_name":...,"line_start":N,"column_start":N,
 *                         "is_primary":true,...}],...}}
 * Summary lines ("aborting due to 2 previous errors") are errors too, but
 * without spans; they are not findings. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "rust_build.h"
#include "util.h"

static const char *get_string(struct json_object *obj, const char *key)
{
    struct json_object *v;
    if (!obj || !json_object_object_get_ex(obj, key, &v) ||
        !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static struct json_object *get(struct json_object *obj, const char *key)
{
    struct json_object *v;
    return obj && json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

static struct json_object *primary_span(struct json_object *spans)
{
    if (!spans || !json_object_is_type(spans, json_type_array))
        return NULL;
    size_t n = json_object_array_length(spans);
    for (size_t i = 0; i < n; i++) {
        struct json_object *span = json_object_array_get_idx(spans, i);
        if (json_object_get_boolean(get(span, "is_primary")))
            return span;
    }
    return n ? json_object_array_get_idx(spans, 0) : NULL;
}

static void add_error(struct json_object *msg, struct finding_list *errors)
{
    struct json_object *span = primary_span(get(msg, "spans"));
    if (!span)
        return;
    const char *code = get_string(get(msg, "code"), "code");
    struct finding *f = finding_list_add(errors);
    f->kind = FK_COMPILE_ERROR;
    f->tool_kind = xstrdup(code ? code : "uncoded");
    const char *rendered = get_string(msg, "rendered");
    const char *text = get_string(msg, "message");
    f->message = xstrdup(rendered ? rendered : text ? text : "");
    struct access *a = finding_add_access(f);
    a->what = xstrdup(text ? text : "error");
    access_add_frame(a, NULL, get_string(span, "file_name"), NULL,
                     json_object_get_int(get(span, "line_start")),
                     json_object_get_int(get(span, "column_start")));
}

int cargo_messages_parse(const char *json_lines, const char *bin, struct finding_list *errors)
{
    int count = 0, objects = 0;
    const char *s = json_lines;
    while (*s) {
        size_t len = strcspn(s, "\n");
        if (len > 0 && *s == '{') {
            char *line = xstrndup(s, len);
            struct json_object *obj = json_tokener_parse(line);
            free(line);
            if (obj) {
                objects++;
                const char *reason = get_string(obj, "reason");
                const char *target = get_string(get(obj, "target"), "name");
                struct json_object *msg = get(obj, "message");
                const char *level = get_string(msg, "level");
                if (reason && strcmp(reason, "compiler-message") == 0 && target &&
                    strcmp(target, bin) == 0 && level && strcmp(level, "error") == 0) {
                    size_t before = errors->len;
                    add_error(msg, errors);
                    count += errors->len > before;
                }
                json_object_put(obj);
            }
        }
        s += len;
        if (*s == '\n')
            s++;
    }
    return objects ? count : -1;
}
