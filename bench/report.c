/*
 * report.c - what ipc_bench shows: per size and placement a throughput
 * table and a round-trip table (the mechanisms, then the scale they are
 * judged by), the crossovers of a sweep, the CSV for scripts, and an SVG
 * chart drawn by hand (an SVG file is just text: lines, dots and labels,
 * no library needed).
 *
 * See also: ipc_bench.c, bench.h, docs/benchmark.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define CSV_HEADER "mechanism,size_bytes,placement,trials,throughput_mb_s," \
                   "throughput_min_mb_s,throughput_max_mb_s,msgs_per_s,rtt_median_ns," \
                   "rtt_p99_ns,rtt_min_ns,ctx_switches_per_msg,cpu_ns_per_msg,capacity,ok"

/* --- the numbers of a row, from its trials -------------------------------- */

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median_of(const double *values, int n)
{
    double sorted[BENCH_MAX_TRIALS];

    memcpy(sorted, values, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, compare_double);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* Throughput: the median trial and the slowest and fastest. Round trips:
 * all trials' samples together; p99 is the sample that 99% of them do not
 * exceed (of 10,000: the 9,900th, the 101st worst). */
static void finish_row(struct row *r)
{
    if (r->trials == 0)
        return;
    r->ok = r->note[0] == '\0';
    r->mb_per_s = median_of(r->mb, r->trials);
    r->msgs_per_s = median_of(r->msgs, r->trials);
    r->ctx_per_msg = median_of(r->ctx, r->trials);
    r->cpu_ns_per_msg = median_of(r->cpu, r->trials);
    r->mb_min = r->mb_max = r->mb[0];
    for (int t = 1; t < r->trials; t++) {
        r->mb_min = r->mb[t] < r->mb_min ? r->mb[t] : r->mb_min;
        r->mb_max = r->mb[t] > r->mb_max ? r->mb[t] : r->mb_max;
    }
    if (r->nsamples > 0) {
        unsigned long long n = r->nsamples;
        qsort(r->samples, n, sizeof *r->samples, compare_u64);
        r->rtt_min_ns = r->samples[0];
        r->rtt_median_ns = (r->samples[(n - 1) / 2] + r->samples[n / 2]) / 2;
        r->rtt_p99_ns = r->samples[(n * 99 + 99) / 100 - 1];
    }
}

static const struct row *find(const struct row *rows, int nrows, const char *name,
                              size_t size, const char *placement)
{
    for (int i = 0; i < nrows; i++) {
        if (strcmp(rows[i].mech->name, name) == 0 && rows[i].size == size &&
            strcmp(rows[i].placement, placement) == 0 && rows[i].ok)
            return &rows[i];
    }
    return NULL;
}

/* --- the tables ------------------------------------------------------------ */

static const char *format_ns(char *out, size_t size, double ns)
{
    if (ns <= 0)
        snprintf(out, size, "-");
    else if (ns < 10000)
        snprintf(out, size, "%.2f us", ns / 1e3);
    else if (ns < 1000000)
        snprintf(out, size, "%.1f us", ns / 1e3);
    else
        snprintf(out, size, "%.2f ms", ns / 1e6);
    return out;
}

static void format_size(char *out, size_t len, size_t size)
{
    if (size >= 1024 * 1024 && size % (1024 * 1024) == 0)
        snprintf(out, len, "%zu MiB", size / (1024 * 1024));
    else if (size >= 1024 && size % 1024 == 0)
        snprintf(out, len, "%zu KiB", size / 1024);
    else
        snprintf(out, len, "%zu B", size);
}

/* "0|1": the CPUs the producer and the consumer were seen on. */
static void format_cpus(char *out, size_t size, const unsigned long seen[2])
{
    size_t used = 0;

    out[0] = '\0';
    for (int role = 0; role < 2; role++) {
        for (int cpu = 0; cpu < (int)(8 * sizeof seen[0]) && used < size; cpu++) {
            if (seen[role] & (1ul << cpu))
                used += (size_t)snprintf(out + used, size - used, "%s%d",
                                         used && out[used - 1] != '|' ? "," : "", cpu);
        }
        if (role == 0 && seen[1] != 0 && used < size)
            used += (size_t)snprintf(out + used, size - used, "|");
    }
}

static const struct row **sort_base;

static int by_throughput(const void *a, const void *b)
{
    const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;

    if (x->ok != y->ok)
        return y->ok - x->ok;
    return (x->mb_per_s < y->mb_per_s) - (x->mb_per_s > y->mb_per_s);
}

static int by_latency(const void *a, const void *b)
{
    const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;

    if (x->ok != y->ok)
        return y->ok - x->ok;
    return (x->rtt_median_ns > y->rtt_median_ns) - (x->rtt_median_ns < y->rtt_median_ns);
}

static void print_failed(FILE *out, const struct row *r)
{
    if (!r->measured && r->note[0] != '\0')
        fprintf(out, "  %-10s %s\n", r->mech->name, r->note);
    else if (r->note[0] == '\0')
        fprintf(out, "  %-10s not measured: interrupted first\n", r->mech->name);
    else
        fprintf(out, "  %-10s FAILED: %s\n", r->mech->name, r->note);
}

/* One size at one placement: the stream, then the round trips. */
static void print_group(FILE *out, struct row *rows, int nrows, size_t size,
                        const char *placement)
{
    const struct row *list[BENCH_MAX_ROWS], *ring = find(rows, nrows, "bare_ring", size, placement);
    char label[32], a[32], b[32], c[32], cpus[32];
    int n = 0;

    for (int i = 0; i < nrows; i++) {
        if (rows[i].size == size && strcmp(rows[i].placement, placement) == 0)
            list[n++] = &rows[i];
        else if (rows[i].size == size && rows[i].mech->kind == CEILING_COPY && size > 0)
            list[n++] = &rows[i];       /* measured once, shown with each placement */
    }
    if (n == 0)
        return;
    format_size(label, sizeof label, size);
    sort_base = list;
    if (size > 0) {
        qsort(list, (size_t)n, sizeof list[0], by_throughput);
        fprintf(out, "\n%s messages, %s: the stream (median of trials, min-max)\n",
                label, placement);
        fprintf(out, "  %-10s %8s %19s %7s %7s %8s %6s\n", "mechanism", "MB/s", "min-max",
                "% ring", "cs/msg", "cpu/msg", "CPUs");
        for (int kind = MECHANISM; kind <= CEILING_COPY; kind++) {
            for (int i = 0; i < n; i++) {
                const struct row *r = list[i];
                int group = r->mech->kind == MECHANISM ? MECHANISM : CEILING_RING;

                if (group != kind || r->mech->kind == FLOOR)
                    continue;
                if (!r->ok) {
                    print_failed(out, r);
                    continue;
                }
                snprintf(a, sizeof a, "%.0f-%.0f", r->mb_min, r->mb_max);
                if (ring != NULL && r->mech->kind != CEILING_COPY)
                    snprintf(b, sizeof b, "%.0f%%", 100 * r->mb_per_s / ring->mb_per_s);
                else
                    snprintf(b, sizeof b, "-");
                format_cpus(cpus, sizeof cpus, r->cpus_seen);
                fprintf(out, "  %-10s %8.0f %19s %7s %7.2f %5.0f ns %6s\n", r->mech->name,
                        r->mb_per_s, a, b, r->ctx_per_msg, r->cpu_ns_per_msg, cpus);
            }
            if (kind == MECHANISM)
                fprintf(out, "  the scale: no message built or checked\n");
            else
                break;
        }
    }
    qsort(list, (size_t)n, sizeof list[0], by_latency);
    fprintf(out, "%s%s, %s: round trips (all trials)\n", size > 0 ? "" : "\n",
            size > 0 ? label : "floors (an 8-byte wake-up)", placement);
    fprintf(out, "  %-10s %9s %9s %9s %6s  %s\n", "mechanism", "median", "p99", "min", "trips",
            size > 0 ? "in flight, one way (knob)" : "cs/trip");
    for (int i = 0; i < n; i++) {
        const struct row *r = list[i];

        if (r->mech->kind == CEILING_RING || r->mech->kind == CEILING_COPY)
            continue;
        if (!r->ok) {
            if (size == 0)
                print_failed(out, r);
            continue;
        }
        if (size == 0)
            snprintf(cpus, sizeof cpus, "%.2f", r->ctx_per_msg);
        fprintf(out, "  %-10s %9s %9s %9s %6llu  %s\n", r->mech->name,
                format_ns(a, sizeof a, (double)r->rtt_median_ns),
                format_ns(b, sizeof b, (double)r->rtt_p99_ns),
                format_ns(c, sizeof c, (double)r->rtt_min_ns), r->nsamples,
                size > 0 ? r->capacity : cpus);
    }
}

void print_tables(FILE *out, struct row *rows, int nrows)
{
    const char *placements[3];
    size_t sizes[BENCH_MAX_ROWS];
    int nplace = 0, nsizes = 0;

    for (int i = 0; i < nrows; i++) {
        int p = 0, s = 0;

        finish_row(&rows[i]);
        if (rows[i].mech->kind != CEILING_COPY) {
            while (p < nplace && strcmp(placements[p], rows[i].placement) != 0)
                p++;
            if (p == nplace)
                placements[nplace++] = rows[i].placement;
        }
        while (s < nsizes && sizes[s] != rows[i].size)
            s++;
        if (s == nsizes)
            sizes[nsizes++] = rows[i].size;
    }
    if (nplace == 0 && nrows > 0)
        placements[nplace++] = rows[0].placement;
    for (int p = 0; p < nplace; p++) {
        for (int s = 0; s < nsizes; s++)
            print_group(out, rows, nrows, sizes[s], placements[p]);
    }
}

/* Where one mechanism's throughput passes another's, between two sizes. */
void print_crossovers(FILE *out, const struct row *rows, int nrows)
{
    static const char *pairs[][2] = {
        { "socketpair", "pipe" }, { "unix", "pipe" }, { "tcp", "pipe" },
        { "shm_block", "pipe" }, { "shm_spin", "shm_block" }, { "memcpy_mem", "bare_ring" },
    };
    static const char *placements[] = { "same", "split", "free" };
    size_t sizes[BENCH_MAX_ROWS];
    int nsizes = 0, any = 0;
    char from[32], to[32];

    for (int i = 0; i < nrows; i++) {
        int s = 0;
        while (s < nsizes && sizes[s] != rows[i].size)
            s++;
        if (s == nsizes && rows[i].size > 0)
            sizes[nsizes++] = rows[i].size;
    }
    fprintf(out, "\ncrossovers (throughput):\n");
    for (int p = 0; p < 3; p++) {
        for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
            int was = 0;
            for (int s = 0; s < nsizes; s++) {
                const struct row *a = find(rows, nrows, pairs[k][0], sizes[s], placements[p]);
                const struct row *b = find(rows, nrows, pairs[k][1], sizes[s], placements[p]);
                const char *copy_place = placements[p];
                int now;

                if (a == NULL && strcmp(pairs[k][0], "memcpy_mem") == 0) {
                    for (int i = 0; i < nrows && a == NULL; i++)
                        if (rows[i].mech == &mech_memcpy_mem && rows[i].size == sizes[s] &&
                            rows[i].ok)
                            a = &rows[i];
                }
                (void)copy_place;
                if (a == NULL || b == NULL)
                    continue;
                now = a->mb_per_s > b->mb_per_s ? 1 : -1;
                if (was != 0 && now != was && s > 0) {
                    format_size(from, sizeof from, sizes[s - 1]);
                    format_size(to, sizeof to, sizes[s]);
                    fprintf(out, "  %s: %s %s %s between %s and %s\n", placements[p],
                            pairs[k][0], now > 0 ? "passes" : "falls behind", pairs[k][1],
                            from, to);
                    any = 1;
                }
                was = now;
            }
        }
    }
    if (!any)
        fprintf(out, "  none between the sizes measured\n");
}

/* --- CSV --------------------------------------------------------------------- */

/* One row per mechanism, size and placement measured; the numbers of a
 * failed row are left empty; what a row does not measure is empty too. */
int write_csv(FILE *out, const struct row *rows, int nrows)
{
    fprintf(out, "%s\n", CSV_HEADER);
    for (int i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];

        if (!r->measured || (r->trials == 0 && r->note[0] == '\0'))
            continue;
        fprintf(out, "%s,%zu,%s,%d,", r->mech->name, r->size, r->placement, r->trials);
        if (r->ok && r->mb_per_s > 0)
            fprintf(out, "%.1f,%.1f,%.1f,%.0f,", r->mb_per_s, r->mb_min, r->mb_max,
                    r->msgs_per_s);
        else
            fprintf(out, ",,,,");
        if (r->ok && r->rtt_median_ns > 0)
            fprintf(out, "%llu,%llu,%llu,", (unsigned long long)r->rtt_median_ns,
                    (unsigned long long)r->rtt_p99_ns, (unsigned long long)r->rtt_min_ns);
        else
            fprintf(out, ",,,");
        if (r->ok)
            fprintf(out, "%.3f,%.0f,%s,yes\n", r->ctx_per_msg, r->cpu_ns_per_msg, r->capacity);
        else
            fprintf(out, ",,,no\n");
    }
    return ferror(out) ? -1 : 0;
}

/* --- SVG: two log-log panels, one line per mechanism ----------------------- */

#define SVG_WIDTH   1000
#define PANEL_LEFT  70
#define PANEL_RIGHT 800
#define PANEL_H     260

static const char *palette[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf",
                                 "#000000", "#555555", "#888888", "#bcbd22", "#8c564b" };

struct axis { double lo, hi; };          /* powers of ten */

static double scale(double v, struct axis a, double from, double to)
{
    return from + (log10(v) - a.lo) / (a.hi - a.lo) * (to - from);
}

static void axis_label(char *out, size_t size, double value, const char *unit)
{
    if (value >= 1e6)
        snprintf(out, size, "%g M%s", value / 1e6, unit);
    else if (value >= 1e3)
        snprintf(out, size, "%g k%s", value / 1e3, unit);
    else
        snprintf(out, size, "%g %s", value, unit);
}

/* One panel: x = message size, y = value(row); each mechanism a line, each
 * floor (no size) a dashed level across. */
static void svg_panel(FILE *out, int top, const char *title, const struct row *rows,
                      int nrows, const char *placement, int latency)
{
    struct axis x = { 1e9, 0 }, y = { 1e18, 0 };
    int base = top + PANEL_H, legend = 0;
    char label[32];

    for (int i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];
        double v = latency ? (double)r->rtt_median_ns / 1e3 : r->mb_per_s;
        if (!r->ok || v <= 0)
            continue;
        if (r->size > 0) {
            x.lo = fmin(x.lo, floor(log10((double)r->size)));
            x.hi = fmax(x.hi, ceil(log10((double)r->size) + 0.01));
        }
        y.lo = fmin(y.lo, floor(log10(v)));
        y.hi = fmax(y.hi, ceil(log10(v) + 0.01));
    }
    if (x.hi <= x.lo)
        x = (struct axis){ 1, 7 };
    if (y.hi <= y.lo)
        y = (struct axis){ 0, 1 };
    fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"h\">%s</text>\n", PANEL_LEFT, top - 10, title);
    for (double e = y.lo; e <= y.hi; e++) {
        double py = scale(pow(10, e), y, base, top);
        axis_label(label, sizeof label, pow(10, e), "");
        fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"g\"/>"
                     "<text x=\"%d\" y=\"%.1f\" class=\"a\">%s</text>\n",
                PANEL_LEFT, py, PANEL_RIGHT, py, PANEL_LEFT - 6, py + 4, label);
    }
    for (double e = x.lo; e <= x.hi; e++) {
        double px = scale(pow(10, e), x, PANEL_LEFT, PANEL_RIGHT);
        axis_label(label, sizeof label, pow(10, e), "B");
        fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"g\"/>"
                     "<text x=\"%.1f\" y=\"%d\" class=\"m\">%s</text>\n",
                px, top, px, base, px, base + 16, label);
    }
    for (int i = 0; i < nrows; i++) {
        const struct mechanism *m = rows[i].mech;
        const char *color = palette[legend % 15];
        int first = 1, drawn = 0, seen = 0;

        for (int j = 0; j < i; j++)
            seen |= rows[j].mech == m;
        if (seen)
            continue;
        for (int j = i; j < nrows; j++) {
            const struct row *r = &rows[j];
            double v = latency ? (double)r->rtt_median_ns / 1e3 : r->mb_per_s;
            if (r->mech != m || !r->ok || v <= 0 ||
                (strcmp(r->placement, placement) != 0 && m->kind != CEILING_COPY))
                continue;
            if (r->size == 0) {         /* a floor: level across */
                double py = scale(v, y, base, top);
                fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                             "stroke-dasharray=\"4 3\"><title>%s %.3g</title></line>\n",
                        PANEL_LEFT, py, PANEL_RIGHT, py, color, m->name, v);
                drawn = 1;
                continue;
            }
            double px = scale((double)r->size, x, PANEL_LEFT, PANEL_RIGHT);
            double py = scale(v, y, base, top);
            if (first)
                fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                             "points=\"", color, m->kind == MECHANISM ? "" :
                        " stroke-dasharray=\"6 3\"");
            fprintf(out, "%s%.1f,%.1f", first ? "" : " ", px, py);
            first = 0;
            drawn = 1;
        }
        if (!first)
            fprintf(out, "\"/>\n");
        for (int j = i; j < nrows && drawn; j++) {
            const struct row *r = &rows[j];
            double v = latency ? (double)r->rtt_median_ns / 1e3 : r->mb_per_s;
            if (r->mech != m || !r->ok || v <= 0 || r->size == 0 ||
                (strcmp(r->placement, placement) != 0 && m->kind != CEILING_COPY))
                continue;
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                         "<title>%s, %zu B: %.4g</title></circle>\n",
                    scale((double)r->size, x, PANEL_LEFT, PANEL_RIGHT), scale(v, y, base, top),
                    color, m->name, r->size, v);
        }
        if (drawn) {
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                         "<text x=\"%d\" y=\"%d\" class=\"l\">%s</text>\n",
                    PANEL_RIGHT + 20, top + 4 + 15 * legend, color, PANEL_RIGHT + 38,
                    top + 9 + 15 * legend, m->name);
            legend++;
        }
    }
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"x\"/>\n",
            PANEL_LEFT, base, PANEL_RIGHT, base);
}

int write_svg(FILE *out, const struct row *rows, int nrows, const char *placement)
{
    int height = 90 + 2 * (PANEL_H + 80);

    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
                 "<style>.t{font-size:18px;font-weight:bold}.s{font-size:11px;fill:#555}"
                 ".h{font-size:13px;font-weight:bold}.a{font-size:10px;text-anchor:end;fill:#555}"
                 ".m{font-size:10px;text-anchor:middle;fill:#555}"
                 ".g{stroke:#e4e4e4}.x{stroke:#333}.l{font-size:11px}</style>\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
                 "<text x=\"%d\" y=\"28\" class=\"t\">ipc_bench: checked messages through "
                 "each mechanism</text>\n<text x=\"%d\" y=\"46\" class=\"s\">placement: %s "
                 "(median of trials); dashed: the scale (ceilings, floors); "
                 "log-log</text>\n",
            SVG_WIDTH, height, SVG_WIDTH, height, PANEL_LEFT, PANEL_LEFT, placement);
    svg_panel(out, 90, "Throughput, MB/s, against message size (higher is better)",
              rows, nrows, placement, 0);
    svg_panel(out, 90 + PANEL_H + 80,
              "Round trip, median in microseconds, against message size (lower is better)",
              rows, nrows, placement, 1);
    fprintf(out, "</svg>\n");
    return ferror(out) ? -1 : 0;
}
