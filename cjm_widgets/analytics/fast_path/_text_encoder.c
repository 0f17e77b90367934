/* Codes for a text column of an event log, straight from its Arrow string buffers.
 *
 * log_arrays.py turns the touchpoint, stage, channel and segment columns into integer
 * codes. pyarrow's dictionary encoder hashes every byte of every value and unifies the
 * chunks' dictionaries afterwards; event-log columns hold few distinct values, so here a
 * value is first hashed from its ends only (see quick_hash), into one open-addressing
 * table for all chunks, and a match is confirmed by comparing bytes. Codes number the
 * distinct values in order of first appearance; missing values get -1. The offsets are
 * checked before any byte is read.
 *
 * Built by hatch_build.py; when it cannot be built, log_arrays.py uses pyarrow instead.
 */
/* The stable ABI of CPython 3.11 (abi3): one compiled wheel serves 3.11 and every later version. */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint64_t hash; const char *bytes; int64_t size; int32_t code; } Entry;

typedef struct {
    Entry *entries; /* open addressing; code -1: empty */
    size_t mask, used;
    int full; /* hashes are full_hash's */
    const char **first; /* each code's bytes and size, for the names */
    int64_t *size;
    size_t names_cap;
} Table;

static inline uint64_t mix(uint64_t h) { /* MurmurHash3's finalizer: every bit reaches every bit */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

/* Two hashes of a value. The quick one reads its length and its first and last eight
 * bytes; values alike at both ends (ids with a common prefix and suffix) all collide
 * there, so a table that sees long probe runs switches to the full one, which reads
 * every byte, eight at a time. */
static inline uint64_t quick_hash(const char *s, int64_t n) {
    uint64_t head = 0, tail = 0;
    if (n >= 8) {
        memcpy(&head, s, 8);
        memcpy(&tail, s + n - 8, 8);
    } else if (n > 0) {
        memcpy(&head, s, (size_t)n);
    }
    return mix(head ^ mix(tail ^ (uint64_t)n));
}

static uint64_t full_hash(const char *s, int64_t n) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ull, word = 0;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        memcpy(&word, s + i, 8);
        h = (h ^ word) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    if (i < n) { /* the last bytes, zero-padded */
        word = 0;
        memcpy(&word, s + i, (size_t)(n - i));
        h = (h ^ word) * 0xbf58476d1ce4e5b9ull;
    }
    return mix(h);
}

#define LONG_PROBE 32

/* A table twice as big (or as big, when only the hash changes), with every entry placed again. */
static int table_grow(Table *t, int rehash) {
    size_t capacity = !t->entries ? 1024 : rehash ? t->mask + 1 : (t->mask + 1) * 2;
    Entry *entries = malloc(capacity * sizeof(Entry));
    if (!entries) return -1;
    for (size_t i = 0; i < capacity; i++) entries[i].code = -1;
    for (size_t i = 0; t->entries && i <= t->mask; i++) {
        if (t->entries[i].code < 0) continue;
        if (rehash) t->entries[i].hash = full_hash(t->entries[i].bytes, t->entries[i].size);
        size_t at = t->entries[i].hash & (capacity - 1);
        while (entries[at].code >= 0) at = (at + 1) & (capacity - 1);
        entries[at] = t->entries[i];
    }
    free(t->entries);
    t->entries = entries;
    t->mask = capacity - 1;
    return 0;
}

/* The code of s[0..n), a new one if it was not seen before; -2 when out of memory or codes. */
static int32_t code_of(Table *t, const char *s, int64_t n) {
    const uint64_t h = t->full ? full_hash(s, n) : quick_hash(s, n);
    size_t at = h & t->mask;
    for (int probes = 0;; probes++) {
        Entry *e = &t->entries[at];
        if (e->code < 0) break;
        if (e->hash == h && e->size == n && memcmp(e->bytes, s, (size_t)n) == 0) return e->code;
        if (probes == LONG_PROBE && !t->full) { /* values alike at both ends: hash them whole */
            t->full = 1;
            return table_grow(t, 1) ? -2 : code_of(t, s, n);
        }
        at = (at + 1) & t->mask;
    }
    if (t->used >= INT32_MAX) return -2;
    if (t->used == t->names_cap) {
        size_t cap = t->names_cap ? t->names_cap * 2 : 64;
        const char **first = realloc(t->first, cap * sizeof(char *));
        if (!first) return -2;
        t->first = first;
        int64_t *size = realloc(t->size, cap * sizeof(int64_t));
        if (!size) return -2;
        t->size = size;
        t->names_cap = cap;
    }
    int32_t code = (int32_t)t->used++;
    t->first[code] = s;
    t->size[code] = n;
    t->entries[at] = (Entry){h, s, n, code};
    if (2 * t->used > t->mask && table_grow(t, 0)) return -2; /* at most half full */
    return code;
}

typedef struct {
    Py_buffer offsets, data, validity; /* offsets: the views of a string_view array */
    int item;                          /* 4 or 8: offsets (string, large_string); 16: views (string_view) */
    Py_buffer *datas;                  /* a string_view array's data buffers */
    Py_ssize_t n_datas, start, length;
} Chunk;

/* Where a string_view value's bytes are: in its 16-byte view (12 bytes or fewer) or in a
 * data buffer; NULL when the view points outside them. */
static inline const char *view_bytes(const Chunk *c, Py_ssize_t j, int64_t *size) {
    const char *view = (const char *)c->offsets.buf + 16 * j;
    int32_t n, buffer, offset;
    memcpy(&n, view, 4);
    *size = n;
    if (n < 0) return NULL;
    if (n <= 12) return view + 4;
    memcpy(&buffer, view + 8, 4);
    memcpy(&offset, view + 12, 4);
    if (buffer < 0 || buffer >= c->n_datas || offset < 0 || (int64_t)offset + n > c->datas[buffer].len) return NULL;
    return (const char *)c->datas[buffer].buf + offset;
}

/* Whether the chunk's offsets lie in its buffers and never go back. */
static int chunk_valid(const Chunk *c) {
    if (c->start < 0 || c->length < 0 || c->start > PY_SSIZE_T_MAX / 16 - c->length - 1) return 0;
    if (c->validity.obj && (c->start + c->length + 7) / 8 > c->validity.len) return 0;
    if (c->item == 16) { /* every view inside its buffers (a null's view is never read) */
        if ((c->start + c->length) * 16 > c->offsets.len) return 0;
        const uint8_t *valid = c->validity.obj ? c->validity.buf : NULL;
        for (Py_ssize_t j = c->start; j < c->start + c->length; j++) {
            int64_t size;
            if ((!valid || ((valid[j >> 3] >> (j & 7)) & 1)) && !view_bytes(c, j, &size)) return 0;
        }
        return 1;
    }
    if ((c->start + c->length + 1) * c->item > c->offsets.len) return 0;
    const int wide = c->item == 8;
    int64_t previous = -1;
    for (Py_ssize_t i = c->start; i <= c->start + c->length; i++) {
        int64_t o = wide ? ((const int64_t *)c->offsets.buf)[i] : ((const int32_t *)c->offsets.buf)[i];
        if (o < previous || o < 0 || o > c->data.len) return 0;
        previous = o;
    }
    return 1;
}

static int encode_chunk(Table *t, const Chunk *c, int32_t *codes) {
    const char *data = c->data.buf;
    const uint8_t *valid = c->validity.obj ? c->validity.buf : NULL;
    for (Py_ssize_t i = 0; i < c->length; i++) {
        Py_ssize_t j = c->start + i;
        if (valid && !((valid[j >> 3] >> (j & 7)) & 1)) {
            codes[i] = -1;
            continue;
        }
        int64_t from, to;
        int32_t code;
        if (c->item == 16) {
            const char *bytes = view_bytes(c, j, &from); /* (checked by chunk_valid; checked again, cheaply) */
            if (!bytes) return -2;
            code = code_of(t, bytes, from);
        } else {
            if (c->item == 8) {
                from = ((const int64_t *)c->offsets.buf)[j];
                to = ((const int64_t *)c->offsets.buf)[j + 1];
            } else {
                from = ((const int32_t *)c->offsets.buf)[j];
                to = ((const int32_t *)c->offsets.buf)[j + 1];
            }
            if (from < 0 || from > to || to > c->data.len) return -2;
            code = code_of(t, data + from, to - from);
        }
        if (code == -2) return -1;
        codes[i] = code;
    }
    return 0;
}

static int overlap(const Py_buffer *a, const Py_buffer *b) {
    const char *x = a->buf, *y = b->buf;
    return a->obj && b->obj && a->len > 0 && b->len > 0 && x < y + b->len && y < x + a->len;
}

static void release_chunks(Chunk *chunks, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (chunks[i].offsets.obj) PyBuffer_Release(&chunks[i].offsets);
        if (chunks[i].data.obj) PyBuffer_Release(&chunks[i].data);
        if (chunks[i].validity.obj) PyBuffer_Release(&chunks[i].validity);
        for (Py_ssize_t k = 0; k < chunks[i].n_datas; k++)
            if (chunks[i].datas[k].obj) PyBuffer_Release(&chunks[i].datas[k]);
        PyMem_Free(chunks[i].datas);
    }
    PyMem_Free(chunks);
}

static PyObject *text_codes(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *list;
    Py_buffer out;
    if (!PyArg_ParseTuple(args, "O!w*", &PyList_Type, &list, &out)) return NULL;
    Py_ssize_t n_chunks = PyList_Size(list), total = 0;
    Chunk *chunks = PyMem_Calloc(n_chunks ? n_chunks : 1, sizeof(Chunk));
    PyObject *names = NULL;
    Table t = {0};
    if (!chunks) {
        PyBuffer_Release(&out);
        return PyErr_NoMemory();
    }
    /* each (offsets, 4 | 8, data, validity | None, start, length), or (views, 16, [data], ...) */
    for (Py_ssize_t i = 0; i < n_chunks; i++) {
        Chunk *c = &chunks[i];
        PyObject *offsets, *data, *validity;
        Py_ssize_t item;
        if (!PyArg_ParseTuple(PyList_GetItem(list, i), "OnOOnn", &offsets, &item, &data, &validity, &c->start,
                              &c->length))
            goto fail;
        c->item = (int)item;
        if ((item != 4 && item != 8 && item != 16) || PyObject_GetBuffer(offsets, &c->offsets, PyBUF_SIMPLE) < 0 ||
            (validity != Py_None && PyObject_GetBuffer(validity, &c->validity, PyBUF_SIMPLE) < 0)) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "text_codes: offsets are 4 or 8 bytes, views 16");
            goto fail;
        }
        if (item != 16 && PyObject_GetBuffer(data, &c->data, PyBUF_SIMPLE) < 0) goto fail;
        if (item == 16) { /* a list of data buffers */
            if (!PyList_Check(data)) {
                PyErr_SetString(PyExc_ValueError, "text_codes: a string_view chunk's data is a list of buffers");
                goto fail;
            }
            c->datas = PyMem_Calloc(PyList_Size(data) + 1, sizeof(Py_buffer));
            if (!c->datas) {
                PyErr_NoMemory();
                goto fail;
            }
            for (; c->n_datas < PyList_Size(data); c->n_datas++)
                if (PyObject_GetBuffer(PyList_GetItem(data, c->n_datas), &c->datas[c->n_datas], PyBUF_SIMPLE) < 0)
                    goto fail;
        }
        if (!chunk_valid(c)) {
            PyErr_SetString(PyExc_ValueError, "text_codes: a chunk's offsets do not fit its buffers");
            goto fail;
        }
        total += c->length;
    }
    if (out.len != total * (Py_ssize_t)sizeof(int32_t) || out.itemsize != sizeof(int32_t)) {
        PyErr_Format(PyExc_ValueError, "text_codes: codes must hold %zd int32 items", total);
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n_chunks; i++) { /* codes written over a chunk would change what was checked */
        const Chunk *c = &chunks[i];
        int shared = overlap(&out, &c->offsets) || overlap(&out, &c->data) || overlap(&out, &c->validity);
        for (Py_ssize_t k = 0; k < c->n_datas; k++) shared |= overlap(&out, &c->datas[k]);
        if (shared) {
            PyErr_SetString(PyExc_ValueError, "text_codes: the codes share memory with a chunk's buffers");
            goto fail;
        }
    }
    int failed = table_grow(&t, 0);
    Py_BEGIN_ALLOW_THREADS
    int32_t *codes = out.buf;
    for (Py_ssize_t i = 0; i < n_chunks && !failed; i++) {
        failed = encode_chunk(&t, &chunks[i], codes);
        codes += chunks[i].length;
    }
    Py_END_ALLOW_THREADS
    if (failed) {
        if (failed == -2) PyErr_SetString(PyExc_ValueError, "text_codes: a chunk's offsets do not fit its buffers");
        else PyErr_NoMemory();
        goto fail;
    }
    names = PyList_New((Py_ssize_t)t.used);
    for (size_t code = 0; names && code < t.used; code++) {
        PyObject *name = PyBytes_FromStringAndSize(t.first[code], (Py_ssize_t)t.size[code]);
        if (!name) {
            Py_CLEAR(names);
            break;
        }
        PyList_SetItem(names, (Py_ssize_t)code, name);
    }
fail:
    free(t.entries);
    free(t.first);
    free(t.size);
    release_chunks(chunks, n_chunks);
    PyBuffer_Release(&out);
    return names;
}

/* combination_counts(codes, counts): how many rows have each combination of codes.
 * codes: int32 buffers of one length (code -1: missing), whose sizes (codes + 1) make the
 * mixed radix of counts' index, the last varying fastest; counts: int64, zero-filled. */
static PyObject *combination_counts(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *list, *sizes;
    Py_buffer out;
    enum { MAX_ROLES = 8 };
    Py_buffer views[MAX_ROLES];
    Py_ssize_t radix[MAX_ROLES], n = -1, total = 1;
    int held = 0, bad = 0;
    if (!PyArg_ParseTuple(args, "O!O!w*", &PyList_Type, &list, &PyTuple_Type, &sizes, &out)) return NULL;
    Py_ssize_t roles = PyList_Size(list);
    if (roles < 1 || roles > MAX_ROLES || PyTuple_Size(sizes) != roles) {
        PyErr_SetString(PyExc_ValueError, "combination_counts: one size per code buffer, 1 to 8 of them");
        goto fail;
    }
    for (; held < roles; held++) {
        radix[held] = PyLong_AsSsize_t(PyTuple_GetItem(sizes, held));
        if (radix[held] < 1 || total > PY_SSIZE_T_MAX / 8 / radix[held]) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "combination_counts: sizes out of range");
            goto fail;
        }
        total *= radix[held];
        if (PyObject_GetBuffer(PyList_GetItem(list, held), &views[held], PyBUF_C_CONTIGUOUS) < 0) goto fail;
        if (views[held].itemsize != 4 || (n >= 0 && views[held].len / 4 != n)) {
            held++;
            PyErr_SetString(PyExc_ValueError, "combination_counts: codes are int32 buffers of one length");
            goto fail;
        }
        n = views[held].len / 4;
    }
    if (out.itemsize != 8 || out.len != total * 8) {
        PyErr_Format(PyExc_ValueError, "combination_counts: counts must hold %zd int64 items", total);
        goto fail;
    }
    Py_BEGIN_ALLOW_THREADS
    int64_t *counts = out.buf;
    for (Py_ssize_t i = 0; i < n && !bad; i++) {
        Py_ssize_t key = 0;
        for (int r = 0; r < roles; r++) {
            int64_t digit = (int64_t)((const int32_t *)views[r].buf)[i] + 1;
            if (digit < 0 || digit >= radix[r]) bad = 1;
            key = key * radix[r] + digit;
        }
        if (!bad) counts[key]++;
    }
    Py_END_ALLOW_THREADS
    if (bad) PyErr_SetString(PyExc_ValueError, "combination_counts: a code is out of range");
fail:
    for (int r = 0; r < held; r++) PyBuffer_Release(&views[r]);
    PyBuffer_Release(&out);
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"combination_counts", combination_counts, METH_VARARGS,
     "combination_counts(codes, sizes, counts) -> None\n\n"
     "Add to counts[key] the rows of each combination of codes (key: the codes + 1 in the mixed\n"
     "radix of sizes, the last varying fastest)."},
    {"text_codes", text_codes, METH_VARARGS,
     "text_codes(chunks, codes) -> list[bytes]\n\n"
     "Fill codes (int32, one per value of all chunks) with each value's number in order of first\n"
     "appearance (-1: missing); return the distinct values. chunks: (offsets, offset size 4 or 8,\n"
     "data, validity bitmap or None, first value, number of values) of Arrow string arrays, or\n"
     "(views, 16, [data buffers], validity, first value, number of values) of string_view arrays."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_text_encoder", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__text_encoder(void) { return PyModule_Create(&module); }
