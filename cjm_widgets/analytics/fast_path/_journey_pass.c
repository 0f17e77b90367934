/* The per-journey figures of from_events in one walk over the log in journey order.
 *
 * numpy_pass.py computes the same figures as ~25 whole-array numpy steps, each a fresh
 * temporary. Here a counting sort puts each user's rows together (in time order, ties
 * by touchpoint), one walk counts and buckets the values whose medians are asked for,
 * and order statistics are taken per group on two cores. The arithmetic (medians,
 * linear quantiles, journey splits) is that of numpy_pass.py and of pandas, which
 * tests/unit/analytics/test_journey_pass.py and test_numpy_pass.py check.
 *
 * Built by hatch_build.py; when it cannot be built, numpy_pass.py runs instead.
 * Plain C over buffers (no numpy headers); the GIL is released while it works.
 */
/* The stable ABI of CPython 3.11 (abi3): one compiled wheel serves 3.11 and every later version. */
#define Py_LIMITED_API 0x030B0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

typedef struct {
    Py_ssize_t n, n_users, n_tp, n_seg, n_stages;
    const Py_ssize_t *by_time; /* the rows in time order when the log is not, else NULL */
    const Py_ssize_t *user;   /* user code of each row, in input order */
    const double *time;       /* seconds, in input order */
    const int32_t *tp;        /* touchpoint code of each row, in input order */
    const int32_t *segment;   /* segment code of each row, or NULL: one group */
    const int8_t *stage_of;   /* stage index of each touchpoint code */
    const double *sentiment;  /* score of each row (NaN: none), or NULL */
    double gap;               /* session gap in seconds; NaN: none */
    double quantile;
    /* per group (segment * n_tp + touchpoint) */
    int64_t *rows, *exits, *users, *sent_count;
    double *gap_median, *gap_upper, *position, *sent_mean;
    /* per stage group (segment * n_stages + stage) */
    int64_t *reached;
    double *stage_position, *since_median, *since_upper;
    int64_t *sets; /* per segment * 2^n_stages: journeys per set of stages reached */
} Pass;

enum { OK = 0, TWO_SEGMENTS = 1, BAD_CODE = 2, NO_MEMORY = 3, NOT_IN_TIME_ORDER = 4 };

static inline void swap(double *a, double *b) { double t = *a; *a = *b; *b = t; }

static int compare_values(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Put the k-th smallest of a[0..n) at a[k], smaller or equal ones before it, larger or
 * equal after: Hoare partitions around a median of three, as numpy's introselect; and
 * as there, a range that shrinks too slowly (inputs built against medians of three) is
 * sorted instead, so no input takes more than n log n. */
static void select_kth(double *a, Py_ssize_t n, Py_ssize_t k) {
    Py_ssize_t lo = 0, hi = n - 1;
    int budget = 8;
    for (Py_ssize_t m = n; m > 1; m >>= 1) budget += 2;
    while (hi > lo) {
        if (budget-- == 0) {
            qsort(a + lo, hi - lo + 1, sizeof(double), compare_values);
            return;
        }
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
        if (a[hi] < a[mid]) swap(&a[hi], &a[mid]);
        if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
        if (hi - lo < 3) return; /* three values, now in order */
        double pivot = a[mid];
        swap(&a[mid], &a[lo + 1]);
        Py_ssize_t i = lo + 1, j = hi;
        for (;;) { /* a[lo] <= pivot <= a[hi] are sentinels */
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j) break;
            swap(&a[i], &a[j]);
        }
        swap(&a[lo + 1], &a[j]); /* the pivot at its rank j */
        if (k == j) return;
        if (k < j) hi = j - 1;
        else lo = j + 1;
    }
}

/* Ranks ks[0] < ks[1] < ... in place: each later one is searched for only among the
 * values after the previous one, and a rank just after it is the least of those. */
static void select_ranks(double *a, Py_ssize_t n, const Py_ssize_t *ks, int m) {
    Py_ssize_t done = -1;
    for (int j = 0; j < m; j++) {
        Py_ssize_t k = ks[j];
        if (k <= done) continue;
        if (k == done + 1 && done >= 0) {
            Py_ssize_t least = k;
            for (Py_ssize_t i = k + 1; i < n; i++) if (a[i] < a[least]) least = i;
            swap(&a[k], &a[least]);
        } else {
            select_kth(a + done + 1, n - done - 1, k - done - 1);
        }
        done = k;
    }
}

/* The ranks pandas' median and linear quantile read, in increasing order; returns how many. */
static int ranks(Py_ssize_t n, double quantile, Py_ssize_t *ks, Py_ssize_t *low, double *frac) {
    Py_ssize_t mid = n / 2;
    int m = 0;
    if (n % 2 == 0) ks[m++] = mid - 1;
    ks[m++] = mid;
    if (quantile >= 0) {
        double at = quantile * (double)(n - 1);
        *low = (Py_ssize_t)at;
        *frac = fmod(at, 1.0);
        ks[m++] = *low;
        if (*frac != 0) ks[m++] = *low + 1;
    }
    for (int i = 1; i < m; i++) /* insertion sort of at most four ranks */
        for (int j = i; j > 0 && ks[j - 1] > ks[j]; j--) {
            Py_ssize_t t = ks[j]; ks[j] = ks[j - 1]; ks[j - 1] = t;
        }
    return m;
}

/* The median and, when quantile >= 0, the linear quantile of a[0..n) (NaN when n == 0). */
static void order_statistics(double *a, Py_ssize_t n, double quantile, double *median, double *upper) {
    Py_ssize_t ks[4], low = 0, mid = n / 2;
    double frac = 0;
    if (n == 0) {
        *median = *upper = NAN;
        return;
    }
    select_ranks(a, n, ks, ranks(n, quantile, ks, &low, &frac));
    *median = n % 2 == 0 ? (a[mid] + a[mid - 1]) / 2 : a[mid];
    if (quantile >= 0) *upper = frac != 0 ? a[low] + (a[low + 1] - a[low]) * frac : a[low];
}

/* Work memory for the per-row buffers. On a VM a fresh page costs more than the
 * arithmetic done on it (~0.6 ms per MiB here: more than the whole walk), so one block of
 * up to ARENA_KEEP bytes is kept between calls and reused (by one call at a time); bigger
 * logs, or a call while another runs, get a block of their own, freed after the call. */
#define ARENA_KEEP ((size_t)64 << 20)
static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static char *arena = NULL;
static size_t arena_size = 0;

typedef struct { char *base; size_t size, used; int shared; } Work;

static size_t rounded(size_t bytes) { return (bytes + 63) & ~(size_t)63; }

static int work_open(Work *w, size_t size) {
    w->size = size;
    w->used = 0;
    w->shared = 0;
    if (size <= ARENA_KEEP && pthread_mutex_trylock(&arena_lock) == 0) {
        if (arena_size < size) {
            free(arena);
            arena = malloc(size);
            arena_size = arena ? size : 0;
        }
        if (arena) {
            w->base = arena;
            w->shared = 1;
            return 0;
        }
        pthread_mutex_unlock(&arena_lock);
    }
    w->base = malloc(size ? size : 1);
    return w->base ? 0 : -1;
}

static void *work_take(Work *w, size_t bytes) {
    if (!w->base || w->used + rounded(bytes) > w->size) return NULL;
    void *part = w->base + w->used;
    w->used += rounded(bytes);
    return part;
}

static void work_close(Work *w) {
    if (w->shared) pthread_mutex_unlock(&arena_lock);
    else free(w->base);
    w->base = NULL;
    w->shared = 0;
}

/* Buckets: group g's values go to buf[off[g] ..), pos[g] is where the next one goes;
 * capacities come from counts that bound them, and unused space is never touched. */
typedef struct { double *buf; Py_ssize_t *off, *pos; Py_ssize_t groups; int own; } Buckets;

/* buf: the values' memory (from the work block), or NULL to allocate it */
static int buckets_make(Buckets *b, const int64_t *capacity, Py_ssize_t groups, double *buf) {
    b->groups = groups;
    b->off = malloc((groups + 1) * sizeof(Py_ssize_t));
    b->pos = malloc((groups > 0 ? groups : 1) * sizeof(Py_ssize_t));
    if (!b->off || !b->pos) return -1;
    b->off[0] = 0;
    for (Py_ssize_t g = 0; g < groups; g++) {
        b->pos[g] = b->off[g];
        b->off[g + 1] = b->off[g] + capacity[g];
    }
    b->own = !buf;
    b->buf = buf ? buf : malloc((b->off[groups] > 0 ? b->off[groups] : 1) * sizeof(double)); /* untouched pages cost nothing */
    return b->buf ? 0 : -1;
}

static void buckets_free(Buckets *b) {
    if (b->own) free(b->buf);
    free(b->off);
    free(b->pos);
}

typedef struct { Buckets *b; Py_ssize_t from, to; double quantile, *median, *upper; } Statistics;

static void *bucket_statistics(void *job) {
    Statistics *s = job;
    double ignored;
    for (Py_ssize_t g = s->from; g < s->to; g++)
        order_statistics(s->b->buf + s->b->off[g], s->b->pos[g] - s->b->off[g], s->quantile, &s->median[g],
                         s->upper ? &s->upper[g] : &ignored);
    return NULL;
}

/* Medians of steps (small positive integers): a histogram of steps 1..width-1 per group,
 * and the rare longer steps kept exactly in buckets. */
typedef struct { int32_t *counts; Py_ssize_t width; Buckets longer; } Steps;

static double step_rank(const Steps *s, Py_ssize_t g, Py_ssize_t k) {
    const int32_t *h = s->counts + g * s->width;
    for (Py_ssize_t v = 1; v < s->width; v++) {
        if (k < h[v]) return (double)v;
        k -= h[v];
    }
    double *rest = s->longer.buf + s->longer.off[g]; /* the k-th of the longer ones */
    select_kth(rest, s->longer.pos[g] - s->longer.off[g], k);
    return rest[k];
}

static void step_medians(const Steps *s, const int64_t *sizes, Py_ssize_t groups, double *median) {
    for (Py_ssize_t g = 0; g < groups; g++) {
        Py_ssize_t n = sizes[g], mid = n / 2;
        median[g] = n == 0 ? NAN : n % 2 ? step_rank(s, g, mid) : (step_rank(s, g, mid - 1) + step_rank(s, g, mid)) / 2;
    }
}

static int steps_make(Steps *s, Py_ssize_t groups) {
    s->width = groups * 64 <= ((Py_ssize_t)1 << 22) ? 64 : groups * 8 <= ((Py_ssize_t)1 << 22) ? 8 : 1;
    s->counts = calloc(groups * s->width + 1, sizeof(int32_t));
    return s->counts ? 0 : -1;
}

static void steps_free(Steps *s) { free(s->counts); buckets_free(&s->longer); }

#define AHEAD 16 /* rows: enough fetches in flight to hide memory latency */

/* The log in journeys: each user's rows together, by time, then touchpoint code, stable
 * (a lexsort of the three within each user; the users' order does not change any figure).
 * A counting sort of the users over the rows in time order keeps time order within each
 * user; it scatters each row's time and touchpoint to its place, so the walk reads them
 * in sequence, and rows of one user at one instant are then re-sorted by touchpoint (an
 * insertion sort: such ties are few and short). */
typedef struct {
    int32_t *row, *tp; /* row: the row of the log at each place (only when segments or scores are read) */
    double *time;
    uint8_t *starts; /* 1 where a user's rows begin */
} Journeys;

static int order_journeys(const Pass *p, Journeys *j, Work *w) {
    const Py_ssize_t n = p->n, n_users = p->n_users;
    const Py_ssize_t *restrict user = p->user, *restrict by_time = p->by_time;
    const double *restrict time = p->time;
    const int32_t *restrict tp = p->tp;
    int ties = 0;
    if (!by_time) /* is the log in time order, and are any two rows at one instant? */
        for (Py_ssize_t k = 1; k < n; k++) {
            if (!(time[k] >= time[k - 1])) return NOT_IN_TIME_ORDER;
            ties |= time[k] == time[k - 1];
        }
    /* Users are numbered in order of their first row: a journey's rows are usually close in
     * time, so rows land near where the previous ones did instead of all over memory. */
    int32_t *rank = work_take(w, n_users * sizeof(int32_t));
    Py_ssize_t *next = work_take(w, (n_users + 1) * sizeof(Py_ssize_t)), seen = 0;
    const int rows_needed = p->segment || p->sentiment; /* (the walk reads those through the row) */
    j->row = rows_needed ? work_take(w, n * sizeof(int32_t)) : NULL;
    j->tp = work_take(w, n * sizeof(int32_t));
    j->time = work_take(w, n * sizeof(double));
    j->starts = work_take(w, n + 1);
    if (!rank || !next || (rows_needed && !j->row) || !j->tp || !j->time || !j->starts) return NO_MEMORY;
    memset(rank, 0xff, n_users * sizeof(int32_t)); /* -1: not seen yet */
    memset(next, 0, (n_users + 1) * sizeof(Py_ssize_t));
    memset(j->starts, 0, n + 1);
    if (by_time) { /* each row once: the buckets hold as many values as the log has rows */
        for (Py_ssize_t k = 0; k < n; k++) {
            if (by_time[k] < 0 || by_time[k] >= n || j->starts[by_time[k]]) return BAD_CODE;
            j->starts[by_time[k]] = 1;
        }
        memset(j->starts, 0, n + 1);
        for (Py_ssize_t k = 1; k < n && !ties; k++) ties = time[by_time[k]] == time[by_time[k - 1]];
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t r = by_time ? by_time[k] : k, u = user[r];
        if (u < 0 || u >= n_users) return BAD_CODE;
        if (rank[u] < 0) rank[u] = (int32_t)seen++;
        next[rank[u] + 1]++;
    }
    for (Py_ssize_t u = 0; u < seen; u++) {
        j->starts[next[u]] = 1;
        next[u + 1] += next[u];
    }
    int32_t *restrict row = j->row, *restrict ordered_tp = j->tp;
    double *restrict ordered_time = j->time;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t r = by_time ? by_time[k] : k, at = next[rank[user[r]]]++;
        if (row) row[at] = (int32_t)r;
        ordered_time[at] = time[r];
        ordered_tp[at] = tp[r];
    }
    if (!ties) return OK;
    const uint8_t *restrict starts = j->starts;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (starts[i] || ordered_time[i] != ordered_time[i - 1] || ordered_tp[i - 1] <= ordered_tp[i]) continue;
        int32_t r = row ? row[i] : 0, c = ordered_tp[i];
        Py_ssize_t k = i; /* rows at one instant share the time: only rows and touchpoints move */
        while (k > 0 && !starts[k] && ordered_time[k - 1] == ordered_time[i] && ordered_tp[k - 1] > c) {
            if (row) row[k] = row[k - 1];
            ordered_tp[k] = ordered_tp[k - 1];
            k--;
        }
        if (row) row[k] = r;
        ordered_tp[k] = c;
    }
    return OK;
}

#define SPLIT 200000 /* rows from which the walk runs on two cores */
#define TRY(call) do { if (call) { status = NO_MEMORY; goto done; } } while (0)

/* What one walk over a range of journeys adds up; the second core's is added to the first's. */
typedef struct {
    const Pass *p;
    const Journeys *j;
    Py_ssize_t from, to; /* positions in journey order; `from` starts a user's rows */
    int64_t *exits, *users, *reached, *sets, *sent_count;
    double *sent_sum, *compensation;
    int64_t *tp_seen, *stage_seen; /* the journey that last visited each touchpoint, stage */
    Buckets gaps, since;
    Steps visit_steps, stage_steps;
    int status;
} Tally;

static int tally_make(Tally *w, const Pass *p, const int64_t *rows, const int64_t *in_stage, int own, Work *work) {
    const Py_ssize_t groups = p->n_seg * p->n_tp, stage_groups = p->n_seg * p->n_stages;
    if (own) { /* the second core's counts (the first's are the outputs) */
        w->exits = calloc(groups + 1, sizeof(int64_t));
        w->users = calloc(groups + 1, sizeof(int64_t));
        w->sent_count = calloc(groups + 1, sizeof(int64_t));
        w->sent_sum = calloc(groups + 1, sizeof(double));
        w->reached = calloc(stage_groups + 1, sizeof(int64_t));
        w->sets = calloc(((size_t)p->n_seg << p->n_stages) + 1, sizeof(int64_t));
        if (!w->exits || !w->users || !w->sent_count || !w->sent_sum || !w->reached || !w->sets) return -1;
    }
    w->compensation = calloc(groups + 1, sizeof(double));
    w->tp_seen = malloc(p->n_tp * sizeof(int64_t));
    w->stage_seen = malloc(p->n_stages * sizeof(int64_t));
    if (!w->compensation || !w->tp_seen || !w->stage_seen) return -1;
    for (Py_ssize_t c = 0; c < p->n_tp; c++) w->tp_seen[c] = -1;
    for (Py_ssize_t s = 0; s < p->n_stages; s++) w->stage_seen[s] = -1;
    return steps_make(&w->visit_steps, groups) || steps_make(&w->stage_steps, stage_groups) ||
           buckets_make(&w->gaps, rows, groups, work_take(work, p->n * 8)) ||
           buckets_make(&w->since, in_stage, stage_groups, work_take(work, p->n * 8)) ||
           buckets_make(&w->visit_steps.longer, rows, groups, NULL) ||
           buckets_make(&w->stage_steps.longer, in_stage, stage_groups, NULL);
}

static void tally_free(Tally *w, int own) {
    if (own) {
        free(w->exits); free(w->users); free(w->sent_count); free(w->sent_sum); free(w->reached); free(w->sets);
    }
    free(w->compensation); free(w->tp_seen); free(w->stage_seen);
    buckets_free(&w->gaps); buckets_free(&w->since); steps_free(&w->visit_steps); steps_free(&w->stage_steps);
}

/* Walk the journeys of positions [from, to): count, and bucket the values whose medians are asked for. */
static void *walk(void *arg) {
    Tally *w = arg;
    const Pass *p = w->p;
    const Py_ssize_t n_tp = p->n_tp, n_seg = p->n_seg, n_stages = p->n_stages, to = w->to;
    const double *restrict sentiment = p->sentiment, gap = p->gap;
    const int32_t *restrict segment = p->segment;
    const int8_t *restrict stage_of = p->stage_of;
    const int split = gap == gap;
    const int32_t *restrict order = w->j->row, *restrict ordered_tp = w->j->tp;
    const double *restrict ordered_time = w->j->time;
    const uint8_t *restrict starts = w->j->starts;
    int64_t *restrict exits = w->exits, *restrict users = w->users, *restrict reached = w->reached;
    int64_t *restrict sets = w->sets, *restrict sent_count = w->sent_count, *restrict tp_seen = w->tp_seen;
    int64_t *restrict stage_seen = w->stage_seen;
    double *restrict sent_sum = w->sent_sum, *restrict compensation = w->compensation;
    Buckets *gaps = &w->gaps, *since = &w->since;
    Steps *visit_steps = &w->visit_steps, *stage_steps = &w->stage_steps;
    int64_t journey = -1, mask = 0;
    int32_t journey_segment = 0;
    Py_ssize_t first = 0;
    double first_t = 0;
    int next_starts = 1;
    for (Py_ssize_t i = w->from; i < to; i++) {
        const double t = ordered_time[i];
        const int32_t c = ordered_tp[i];
        if (c < 0 || c >= n_tp) { w->status = BAD_CODE; return NULL; } /* (checked before; inputs may alias outputs) */
        const int32_t s = stage_of[c];
        if (s < 0 || s >= n_stages) { w->status = BAD_CODE; return NULL; }
        int32_t seg = 0;
        if (segment || sentiment) {
            if (i + AHEAD < to) { /* rows in journey order are scattered over the log: fetch ahead */
                if (segment) __builtin_prefetch(&segment[order[i + AHEAD]]);
                if (sentiment) __builtin_prefetch(&sentiment[order[i + AHEAD]]);
            }
            if (segment) seg = segment[order[i]];
            if (seg < 0 || seg >= n_seg) { w->status = BAD_CODE; return NULL; }
        }
        if (next_starts) {
            journey++;
            mask = 0;
            first = i;
            first_t = t;
            journey_segment = seg;
        } else if (seg != journey_segment) {
            w->status = TWO_SEGMENTS;
            return NULL;
        }
        next_starts = i + 1 >= to || starts[i + 1] || (split && ordered_time[i + 1] - t > gap);
        Py_ssize_t g = (Py_ssize_t)seg * n_tp + c, step = i - first + 1;
        if (next_starts) {
            exits[g]++;
        } else {
            double value = ordered_time[i + 1] - t;
            if (value == value) gaps->buf[gaps->pos[g]++] = value; /* NaN (inf - inf) skipped, as pandas does */
        }
        if (tp_seen[c] != journey) {
            tp_seen[c] = journey;
            users[g]++;
            if (step < visit_steps->width) visit_steps->counts[g * visit_steps->width + step]++;
            else visit_steps->longer.buf[visit_steps->longer.pos[g]++] = (double)step;
        }
        if (stage_seen[s] != journey) {
            Py_ssize_t sg = (Py_ssize_t)seg * n_stages + s;
            double value = t - first_t;
            stage_seen[s] = journey;
            reached[sg]++;
            mask |= (int64_t)1 << s;
            if (value == value) since->buf[since->pos[sg]++] = value;
            if (step < stage_steps->width) stage_steps->counts[sg * stage_steps->width + step]++;
            else stage_steps->longer.buf[stage_steps->longer.pos[sg]++] = (double)step;
        }
        if (next_starts) sets[((Py_ssize_t)seg << n_stages) | mask]++;
        if (sentiment) { /* Neumaier's compensated sum, near pandas' Kahan-summed mean */
            double v = sentiment[order[i]];
            if (v == v) {
                double sum = sent_sum[g], total = sum + v;
                compensation[g] += fabs(sum) >= fabs(v) ? (sum - total) + v : (v - total) + sum;
                sent_sum[g] = total;
                sent_count[g]++;
            }
        }
    }
    return NULL;
}

static void buckets_append(Buckets *a, const Buckets *b) { /* b's values after a's, group by group */
    for (Py_ssize_t g = 0; g < a->groups; g++) {
        Py_ssize_t count = b->pos[g] - b->off[g]; /* a's room: a value per row of the group, at most */
        memcpy(a->buf + a->pos[g], b->buf + b->off[g], count * sizeof(double));
        a->pos[g] += count;
    }
}

static void add_counts(int64_t *a, const int64_t *b, Py_ssize_t n) { for (Py_ssize_t i = 0; i < n; i++) a[i] += b[i]; }

/* The second core's tally added to the first's. */
static void tally_add(Tally *a, const Tally *b, const Pass *p) {
    const Py_ssize_t groups = p->n_seg * p->n_tp, stage_groups = p->n_seg * p->n_stages;
    add_counts(a->exits, b->exits, groups);
    add_counts(a->users, b->users, groups);
    add_counts(a->reached, b->reached, stage_groups);
    add_counts(a->sets, b->sets, p->n_seg << p->n_stages);
    for (Py_ssize_t g = 0; g < groups; g++) { /* the two compensated sums, added as one more term */
        double sum = a->sent_sum[g], v = b->sent_sum[g], total = sum + v;
        a->compensation[g] += b->compensation[g] + (fabs(sum) >= fabs(v) ? (sum - total) + v : (v - total) + sum);
        a->sent_sum[g] = total;
        a->sent_count[g] += b->sent_count[g];
    }
    for (Py_ssize_t k = 0; k < groups * a->visit_steps.width; k++) a->visit_steps.counts[k] += b->visit_steps.counts[k];
    for (Py_ssize_t k = 0; k < stage_groups * a->stage_steps.width; k++)
        a->stage_steps.counts[k] += b->stage_steps.counts[k];
    buckets_append(&a->gaps, &b->gaps);
    buckets_append(&a->since, &b->since);
    buckets_append(&a->visit_steps.longer, &b->visit_steps.longer);
    buckets_append(&a->stage_steps.longer, &b->stage_steps.longer);
}

static int run(Pass *p) {
    const Py_ssize_t n = p->n, n_tp = p->n_tp, n_seg = p->n_seg, n_stages = p->n_stages;
    const Py_ssize_t groups = n_seg * n_tp, stage_groups = n_seg * n_stages;
    const int32_t *restrict tp = p->tp, *restrict segment = p->segment;
    const int8_t *restrict stage_of = p->stage_of;
    int64_t *restrict rows = p->rows;
    int status = OK;
    int64_t *in_stage = calloc(stage_groups + 1, sizeof(int64_t));
    Journeys journeys = {0};
    Work work = {0};
    Tally first = {.p = p, .j = &journeys, .exits = p->exits, .users = p->users, .reached = p->reached,
                   .sets = p->sets, .sent_count = p->sent_count, .sent_sum = p->sent_mean};
    Tally second = {.p = p, .j = &journeys};
    pthread_t helper;
    int helping = 0, two = n >= SPLIT, second_made = 0;
    TRY(!in_stage);
    int64_t *counts[] = {rows, p->exits, p->users, p->sent_count};
    for (int k = 0; k < 4; k++) memset(counts[k], 0, groups * sizeof(int64_t));
    memset(p->reached, 0, stage_groups * sizeof(int64_t));
    memset(p->sets, 0, (n_seg << n_stages) * sizeof(int64_t));
    memset(p->sent_mean, 0, groups * sizeof(double));

    /* Rows per group and per stage group bound the values each collects. */
    for (Py_ssize_t row = 0; row < n; row++) {
        int32_t c = tp[row], seg = segment ? segment[row] : 0;
        if (c < 0 || c >= n_tp || seg < 0 || seg >= n_seg || stage_of[c] < 0 || stage_of[c] >= n_stages) {
            status = BAD_CODE;
            goto done;
        }
        rows[(Py_ssize_t)seg * n_tp + c]++;
        in_stage[(Py_ssize_t)seg * n_stages + stage_of[c]]++;
    }
    /* The big buffers, in one block: the journeys (row, touchpoint, time, starts), the users'
     * numbers and counts, and each walk's gaps and times since the start (a value per row at most). */
    const size_t u = (size_t)p->n_users;
    TRY(work_open(&work, rounded(u * 4) + rounded((u + 1) * 8) + 2 * rounded(n * 4) + rounded(n * 8) + rounded(n + 1) +
                             (two ? 4 : 2) * rounded(n * 8)));
    TRY(tally_make(&first, p, rows, in_stage, 0, &work));
    if (two) {
        second_made = 1;
        TRY(tally_make(&second, p, rows, in_stage, 1, &work));
    }
    status = order_journeys(p, &journeys, &work);
    if (status != OK) goto done;

    /* The walk, on two cores for big logs: split at the first user starting past the middle. */
    Py_ssize_t middle = two ? n / 2 : n;
    while (middle < n && !journeys.starts[middle]) middle++;
    first.from = 0;
    first.to = middle;
    second.from = middle;
    second.to = n;
    helping = two && pthread_create(&helper, NULL, walk, &second) == 0;
    walk(&first);
    if (two && !helping) walk(&second);
    if (helping) pthread_join(helper, NULL);
    helping = 0;
    if (first.status != OK || (two && second.status != OK)) {
        status = first.status != OK ? first.status : second.status;
        goto done;
    }
    if (two) tally_add(&first, &second, p);
    if (p->sentiment)
        for (Py_ssize_t g = 0; g < groups; g++) {
            double sum = first.sent_sum[g];
            int64_t number = first.sent_count[g];
            /* an infinite sum's compensation is NaN: pandas keeps the sum */
            first.sent_sum[g] = !number ? NAN : isfinite(sum) ? (sum + first.compensation[g]) / (double)number
                                                             : sum / (double)number;
        }

    /* Order statistics, on two cores: the gaps of the first groups (about half the values)
     * on a helper thread; the other gaps and the times since the journey's start here. */
    Buckets *gaps = &first.gaps;
    Py_ssize_t half = 0;
    while (half < groups && gaps->off[half] < gaps->off[groups] / 2) half++;
    Statistics gap_job = {gaps, 0, half, p->quantile, p->gap_median, p->gap_upper};
    Statistics rest_job = {gaps, half, groups, p->quantile, p->gap_median, p->gap_upper};
    Statistics since_job = {&first.since, 0, stage_groups, p->quantile, p->since_median, p->since_upper};
    helping = n > 100000 && pthread_create(&helper, NULL, bucket_statistics, &gap_job) == 0;
    if (!helping) bucket_statistics(&gap_job);
    bucket_statistics(&rest_job);
    bucket_statistics(&since_job);
    step_medians(&first.visit_steps, p->users, groups, p->position);
    step_medians(&first.stage_steps, p->reached, stage_groups, p->stage_position);
done:
    if (helping) pthread_join(helper, NULL);
    tally_free(&first, 0);
    if (second_made) tally_free(&second, 1);
    work_close(&work);
    free(in_stage);
    return status;
}

/* Buffer arguments: read-only inputs, then outputs (C-contiguous); sizes are checked. */
typedef struct { const char *name; Py_ssize_t items, itemsize; int writable, optional; void **target; } Arg;

static int overlap(const Py_buffer *a, const Py_buffer *b) {
    const char *x = a->buf, *y = b->buf;
    return a->len > 0 && b->len > 0 && x < y + b->len && y < x + a->len;
}

static PyObject *journey_pass(PyObject *self, PyObject *args) {
    (void)self;
    Pass p;
    memset(&p, 0, sizeof p);
    enum { HEAD = 7, BUFFERS = 20 };
    if (PyTuple_Size(args) != HEAD + BUFFERS) {
        PyErr_Format(PyExc_TypeError, "journey_pass takes %d arguments", HEAD + BUFFERS);
        return NULL;
    }
    PyObject *head = PyTuple_GetSlice(args, 0, HEAD);
    if (!head) return NULL;
    int parsed = PyArg_ParseTuple(head, "nnnnndd", &p.n, &p.n_users, &p.n_tp, &p.n_seg, &p.n_stages, &p.gap,
                                  &p.quantile);
    Py_DECREF(head);
    if (!parsed) return NULL;
    /* Sizes small enough that no product below overflows (the buffers' sizes are checked next). */
    if (p.n < 0 || p.n > INT32_MAX || p.n_users < 0 || p.n_users > INT32_MAX || p.n_tp < 1 || p.n_tp > INT32_MAX ||
        p.n_seg < 1 || p.n_seg > INT32_MAX / p.n_tp || p.n_stages < 1 || p.n_stages > 20) {
        PyErr_SetString(PyExc_ValueError, "journey_pass: sizes out of range");
        return NULL;
    }
    if (!(p.quantile >= 0 && p.quantile <= 1)) {
        PyErr_SetString(PyExc_ValueError, "journey_pass: the quantile must lie in [0, 1]");
        return NULL;
    }
    const Py_ssize_t G = p.n_seg * p.n_tp, SG = p.n_seg * p.n_stages, SETS = p.n_seg << p.n_stages;
    Arg spec[BUFFERS] = {
        {"by_time", p.n, sizeof(Py_ssize_t), 0, 1, (void **)&p.by_time},
        {"user", p.n, sizeof(Py_ssize_t), 0, 0, (void **)&p.user},
        {"time", p.n, 8, 0, 0, (void **)&p.time},
        {"touchpoint", p.n, 4, 0, 0, (void **)&p.tp},
        {"segment", p.n, 4, 0, 1, (void **)&p.segment},
        {"stage_of", p.n_tp, 1, 0, 0, (void **)&p.stage_of},
        {"sentiment", p.n, 8, 0, 1, (void **)&p.sentiment},
        {"rows", G, 8, 1, 0, (void **)&p.rows},
        {"exits", G, 8, 1, 0, (void **)&p.exits},
        {"users", G, 8, 1, 0, (void **)&p.users},
        {"sentiment_count", G, 8, 1, 0, (void **)&p.sent_count},
        {"gap_median", G, 8, 1, 0, (void **)&p.gap_median},
        {"gap_upper", G, 8, 1, 0, (void **)&p.gap_upper},
        {"position", G, 8, 1, 0, (void **)&p.position},
        {"sentiment_mean", G, 8, 1, 0, (void **)&p.sent_mean},
        {"reached", SG, 8, 1, 0, (void **)&p.reached},
        {"stage_position", SG, 8, 1, 0, (void **)&p.stage_position},
        {"since_median", SG, 8, 1, 0, (void **)&p.since_median},
        {"since_upper", SG, 8, 1, 0, (void **)&p.since_upper},
        {"sets", SETS, 8, 1, 0, (void **)&p.sets},
    };
    Py_buffer views[BUFFERS];
    int held = 0, status = OK;
    for (; held < BUFFERS; held++) {
        Arg *a = &spec[held];
        if (PyTuple_GetItem(args, HEAD + held) == Py_None && a->optional) {
            views[held].obj = NULL;
            continue;
        }
        if (PyObject_GetBuffer(PyTuple_GetItem(args, HEAD + held), &views[held], (a->writable ? PyBUF_WRITABLE : 0) | PyBUF_C_CONTIGUOUS) < 0)
            goto fail;
        if (views[held].len != a->items * a->itemsize || (views[held].itemsize != a->itemsize && views[held].len)) {
            PyErr_Format(PyExc_ValueError, "journey_pass: %s must hold %zd items of %zd bytes", a->name, a->items,
                         a->itemsize);
            held++;
            goto fail;
        }
        if (a->target) *a->target = views[held].buf;
    }
    for (int i = 0; i < BUFFERS; i++) /* an output sharing memory with any other buffer: counts would drift */
        for (int k = 0; spec[i].writable && views[i].obj && k < BUFFERS; k++)
            if (k != i && views[k].obj && overlap(&views[i], &views[k])) {
                PyErr_Format(PyExc_ValueError, "journey_pass: %s shares memory with %s", spec[i].name, spec[k].name);
                goto fail;
            }
    Py_BEGIN_ALLOW_THREADS
    status = run(&p);
    Py_END_ALLOW_THREADS
    for (int i = 0; i < BUFFERS; i++) if (views[i].obj) PyBuffer_Release(&views[i]);
    if (status == NO_MEMORY) return PyErr_NoMemory();
    if (status == BAD_CODE) {
        PyErr_SetString(PyExc_ValueError, "journey_pass: a row, user, touchpoint, stage or segment code is out of range");
        return NULL;
    }
    if (status == NOT_IN_TIME_ORDER) return PyUnicode_FromString("not in time order");
    return PyBool_FromLong(status == OK); /* False: a journey in two segments */
fail:
    for (int i = 0; i < held; i++) if (views[i].obj) PyBuffer_Release(&views[i]);
    return NULL;
}

static PyMethodDef methods[] = {
    {"journey_pass", journey_pass, METH_VARARGS,
     "journey_pass(n, n_users, n_tp, n_seg, n_stages, gap, quantile, *20 buffers) -> bool | str\n\n"
     "Fill the output buffers with the per-group figures (see journey_pass.py); False when a\n"
     "journey spans two segments, 'not in time order' when by_time is needed."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_journey_pass", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__journey_pass(void) { return PyModule_Create(&module); }
