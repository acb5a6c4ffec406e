/*
 * alloc.c — allocators, the growable byte buffer and the per-document arena.
 *
 * Out-of-memory policy (STYLE.md §3): as a library we follow yyjson and return
 * NULL/false with DYAD_ERR_NOMEM; nothing here aborts.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

static void *S_malloc(void *ctx, size_t n) { DYAD_UNUSED(ctx); return malloc(n); }
static void *S_realloc(void *ctx, void *p, size_t n) { DYAD_UNUSED(ctx); return realloc(p, n); }
static void S_free(void *ctx, void *p) { DYAD_UNUSED(ctx); free(p); }

static const dyad_alloc S_default = {S_malloc, S_realloc, S_free, NULL};

const dyad_alloc *dyad__default_alloc(void) { return &S_default; }

void *dyad__malloc(const dyad_alloc *a, size_t n) { return a->malloc_fn(a->ctx, n ? n : 1); }
void *dyad__realloc(const dyad_alloc *a, void *p, size_t n) { return a->realloc_fn(a->ctx, p, n ? n : 1); }
void dyad__free(const dyad_alloc *a, void *p) { if (p) a->free_fn(a->ctx, p); }

char *dyad__strndup(const dyad_alloc *a, const char *s, size_t n)
{
    char *d = dyad__malloc(a, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *dyad__strdup(const dyad_alloc *a, const char *s)
{
    return dyad__strndup(a, s ? s : "", s ? strlen(s) : 0);
}

/* MARK: buffer */

void dyad_buf_init(dyad_buf *b, const dyad_alloc *a)
{
    b->alloc = a ? a : &S_default;
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

bool dyad_buf_grow(dyad_buf *b, size_t extra)
{
    if (b->failed) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) { b->failed = true; return false; }
        cap *= 2;
    }
    char *d = dyad__realloc(b->alloc, b->data, cap);
    if (!d) { b->failed = true; return false; }
    b->data = d;
    b->cap = cap;
    return true;
}

void dyad_buf_vprintf(dyad_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small) dyad_buf_put(b, small, (size_t)n);
    else if (n >= 0 && dyad_buf_grow(b, (size_t)n)) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void dyad_buf_printf(dyad_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dyad_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void dyad_buf_clear(dyad_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void dyad_buf_free(dyad_buf *b)
{
    dyad__free(b->alloc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* MARK: arena */

struct dyad_arena_block {
    dyad_arena_block *next;
    size_t cap, used;
    /* data follows, 8-aligned */
};

#define ARENA_HDR ((sizeof(dyad_arena_block) + 7u) & ~(size_t)7u)
#define ARENA_MIN_BLOCK (64u << 10)

void dyad_arena_init(dyad_arena *ar, const dyad_alloc *a)
{
    ar->alloc = a ? a : &S_default;
    ar->head = NULL;
    ar->used_total = 0;
}

void *dyad_arena_alloc(dyad_arena *ar, size_t n)
{
    n = (n + 7u) & ~(size_t)7u;
    dyad_arena_block *b = ar->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_MIN_BLOCK ? n : ARENA_MIN_BLOCK;
        if (b && b->cap * 2 > cap && b->cap < (64u << 20)) cap = b->cap * 2;
        if (cap > SIZE_MAX - ARENA_HDR) return NULL;
        dyad_arena_block *nb = dyad__malloc(ar->alloc, ARENA_HDR + cap);
        if (!nb) return NULL;
        nb->next = b;
        nb->cap = cap;
        nb->used = 0;
        ar->head = b = nb;
    }
    void *p = (char *)b + ARENA_HDR + b->used;
    b->used += n;
    ar->used_total += n;
    return p;
}

void dyad_arena_reset(dyad_arena *ar)
{
    dyad_arena_block *b = ar->head;
    if (!b) return;
    /* keep the newest (largest) block, free the others */
    dyad_arena_block *rest = b->next;
    while (rest) {
        dyad_arena_block *next = rest->next;
        dyad__free(ar->alloc, rest);
        rest = next;
    }
    b->next = NULL;
    b->used = 0;
    ar->used_total = 0;
}

void dyad_arena_free(dyad_arena *ar)
{
    dyad_arena_block *b = ar->head;
    while (b) {
        dyad_arena_block *next = b->next;
        dyad__free(ar->alloc, b);
        b = next;
    }
    ar->head = NULL;
    ar->used_total = 0;
}

/* MARK: errors */

static const char *const S_code_msgs[] = {
    [DYAD_OK] = "success",
    [DYAD_ERR_NOMEM] = "out of memory",
    [DYAD_ERR_IO] = "cannot read input",
    [DYAD_ERR_ARG] = "invalid argument",
    [DYAD_ERR_UTF8] = "invalid UTF-8 replaced",
    [DYAD_ERR_JSON] = "invalid JSON",
    [DYAD_ERR_FIELD] = "missing or invalid field",
    [DYAD_ERR_TOO_LARGE] = "document too large",
    [DYAD_ERR_BINARY] = "binary input",
    [DYAD_ERR_GZIP] = "corrupt or truncated gzip stream",
    [DYAD_ERR_CONTROL] = "control characters replaced",
    [DYAD_ERR_EMPTY] = "empty document",
    [DYAD_ERR_DICT] = "dictionary line rejected",
    [DYAD_ERR_DATE] = "invalid date",
    [DYAD_ERR_STORE] = "event store error",
};

const char *dyad_code_str(int code)
{
    if (code < 0 || (size_t)code >= sizeof S_code_msgs / sizeof *S_code_msgs || !S_code_msgs[code])
        return "unknown error";
    return S_code_msgs[code];
}

void dyad__set_error(dyad_error *err, int code, size_t pos, const char *fmt, ...)
{
    if (!err) return;
    err->code = code;
    err->msg = dyad_code_str(code);
    err->pos = pos;
    err->detail[0] = '\0';
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        va_end(ap);
    }
}

const char *dyad_version(void) { return DYAD_VERSION_STRING; }
