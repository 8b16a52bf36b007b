/*
 * report.c - what ipc_bench shows: an aligned table per message size with
 * a ranking, the CSV for scripts, and an SVG bar chart drawn by hand (an
 * SVG file is just text: rectangles, lines and labels, no library needed).
 *
 * See also: ipc_bench.c, docs/benchmark.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define CSV_HEADER "mechanism,size_bytes,throughput_mb_s,msgs_per_s," \
                   "rtt_median_ns,rtt_p99_ns,rtt_min_ns,ok"

/* --- the table ------------------------------------------------------------ */

static const char *format_ns(char *out, size_t size, uint64_t ns)
{
    if (ns == 0)
        snprintf(out, size, "-");
    else if (ns < 10000)
        snprintf(out, size, "%.2f us", (double)ns / 1e3);
    else if (ns < 1000000)
        snprintf(out, size, "%.1f us", (double)ns / 1e3);
    else
        snprintf(out, size, "%.2f ms", (double)ns / 1e6);
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

static const struct row *sort_rows;

/* Measured rows first, fastest first; then failures; then skips. */
static int by_throughput(const void *a, const void *b)
{
    const struct row *x = &sort_rows[*(const int *)a], *y = &sort_rows[*(const int *)b];
    int rank_x = x->ok ? 0 : x->measured ? 1 : 2, rank_y = y->ok ? 0 : y->measured ? 1 : 2;

    if (rank_x != rank_y)
        return rank_x - rank_y;
    return (x->mb_per_s < y->mb_per_s) - (x->mb_per_s > y->mb_per_s);
}

static int by_latency(const void *a, const void *b)
{
    const struct row *x = &sort_rows[*(const int *)a], *y = &sort_rows[*(const int *)b];

    return (x->rtt_median_ns > y->rtt_median_ns) - (x->rtt_median_ns < y->rtt_median_ns);
}

void print_table(FILE *out, const struct row *rows, int nrows, size_t size,
                 unsigned long long count, unsigned long long rounds)
{
    int order[BENCH_MAX_ROWS], nlat = 0, n = 0;
    char label[32], med[32], p99[32], min[32];

    format_size(label, sizeof label, size);
    fprintf(out, "\n%s messages: %llu streamed one way, %llu timed round trips\n",
            label, count, rounds);
    fprintf(out, "rank  %-11s %10s %12s %8s %11s %11s %11s  %s\n", "mechanism", "MB/s",
            "msgs/s", "memcpy%", "rtt median", "rtt p99", "rtt min", "data");
    for (int i = 0; i < nrows; i++) {
        if (strcmp(rows[i].mechanism, "memcpy") == 0)
            fprintf(out, "   -  %-11s %10.1f %12.0f %7.1f%% %11s %11s %11s  %s\n",
                    rows[i].mechanism, rows[i].mb_per_s, rows[i].msgs_per_s, 100.0,
                    "-", "-", "-", rows[i].ok ? "ok" : "WRONG");
        else
            order[n++] = i;
    }
    sort_rows = rows;
    qsort(order, (size_t)n, sizeof order[0], by_throughput);
    for (int k = 0; k < n; k++) {
        const struct row *r = &rows[order[k]];

        if (!r->measured)
            fprintf(out, "      %-11s %s\n", r->mechanism, r->note);
        else if (!r->ok)
            fprintf(out, "      %-11s FAILED: %s\n", r->mechanism, r->note);
        else
            fprintf(out, "%4d  %-11s %10.1f %12.0f %7.1f%% %11s %11s %11s  ok\n", k + 1,
                    r->mechanism, r->mb_per_s, r->msgs_per_s, r->pct_of_memcpy,
                    format_ns(med, sizeof med, r->rtt_median_ns),
                    format_ns(p99, sizeof p99, r->rtt_p99_ns),
                    format_ns(min, sizeof min, r->rtt_min_ns));
        if (r->ok)
            nlat++;
    }
    qsort(order, (size_t)nlat, sizeof order[0], by_latency);
    if (nlat > 0) {
        fprintf(out, "round trip, fastest first:");
        for (int k = 0; k < nlat; k++)
            fprintf(out, "%s %s", k ? "," : "", rows[order[k]].mechanism);
        fprintf(out, "\n");
    }
}

/* --- CSV --------------------------------------------------------------------- */

/* One row per mechanism and size that was measured (skipped ones have no
 * numbers); numbers of a failed run are left empty, memcpy has no latency. */
int write_csv(FILE *out, const struct row *rows, int nrows)
{
    fprintf(out, "%s\n", CSV_HEADER);
    for (int i = 0; i < nrows; i++) {
        const struct row *r = &rows[i];

        if (!r->measured)
            continue;
        fprintf(out, "%s,%zu,", r->mechanism, r->size);
        if (r->ok)
            fprintf(out, "%.1f,%.0f,", r->mb_per_s, r->msgs_per_s);
        else
            fprintf(out, ",,");
        if (r->ok && r->rtt_median_ns != 0)
            fprintf(out, "%llu,%llu,%llu,", (unsigned long long)r->rtt_median_ns,
                    (unsigned long long)r->rtt_p99_ns, (unsigned long long)r->rtt_min_ns);
        else
            fprintf(out, ",,,");
        fprintf(out, "%s\n", r->ok ? "yes" : "no");
    }
    return ferror(out) ? -1 : 0;
}

/* --- SVG ----------------------------------------------------------------- */

#define SVG_WIDTH   980
#define PANEL_LEFT  70
#define PANEL_RIGHT 960
#define PANEL_H     230

static const char *palette[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" };

static void xml_text(FILE *out, const char *text)
{
    for (; *text; text++) {
        switch (*text) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default:  fputc(*text, out);
        }
    }
}

/* A bar's value in at most 4 characters: 0.55, 9.8, 262, 4.9k, 14k. */
static void short_value(char *out, size_t size, double v)
{
    if (v < 1)
        snprintf(out, size, "%.2f", v);
    else if (v < 10)
        snprintf(out, size, "%.1f", v);
    else if (v < 1000)
        snprintf(out, size, "%.0f", v);
    else if (v < 10000)
        snprintf(out, size, "%.1fk", v / 1000);
    else
        snprintf(out, size, "%.0fk", v / 1000);
}

static void axis_label(char *out, size_t size, double value)
{
    if (value >= 1e6)
        snprintf(out, size, "%gM", value / 1e6);
    else if (value >= 1e3)
        snprintf(out, size, "%gk", value / 1e3);
    else
        snprintf(out, size, "%g", value);
}

/* One panel: a log-scale bar chart, a group of bars per mechanism, one bar
 * per size. value(row) gives the bar; whisker(row), if any, a thin line
 * above it (the p99 of a latency). */
static void svg_panel(FILE *out, int top, const char *title, const struct row *rows, int nrows,
                      const char *mechs[], int nmechs, const size_t sizes[], int nsizes,
                      double (*value)(const struct row *), double (*whisker)(const struct row *))
{
    double lo = INFINITY, hi = 0, group_w, bar_w;
    int base = top + PANEL_H, lo_exp, hi_exp;
    char label[32];

    for (int i = 0; i < nrows; i++) {
        double v = rows[i].ok ? value(&rows[i]) : 0, w = whisker && rows[i].ok ? whisker(&rows[i]) : 0;
        if (v > 0 && v < lo)
            lo = v;
        if (v > hi)
            hi = v;
        if (w > hi)
            hi = w;
    }
    if (hi == 0)
        lo = hi = 1;
    lo_exp = (int)floor(log10(lo));
    hi_exp = (int)ceil(log10(hi * 3));     /* room above the top bar for its label */
    if (hi_exp <= lo_exp)
        hi_exp = lo_exp + 1;
#define Y(v) (base - (log10(v) - lo_exp) / (hi_exp - lo_exp) * PANEL_H)

    fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"h\">", PANEL_LEFT, top - 12);
    xml_text(out, title);
    fprintf(out, "</text>\n");
    for (int e = lo_exp; e <= hi_exp; e++) {
        double y = Y(pow(10, e));
        axis_label(label, sizeof label, pow(10, e));
        fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"g\"/>"
                     "<text x=\"%d\" y=\"%.1f\" class=\"a\">%s</text>\n",
                PANEL_LEFT, y, PANEL_RIGHT, y, PANEL_LEFT - 6, y + 4, label);
    }
    group_w = (double)(PANEL_RIGHT - PANEL_LEFT) / nmechs;
    bar_w = (group_w - 12) / nsizes;
    for (int m = 0; m < nmechs; m++) {
        double x0 = PANEL_LEFT + m * group_w + 6;

        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"m\">%s</text>\n",
                x0 + (group_w - 12) / 2, base + 16, mechs[m]);
        for (int s = 0; s < nsizes; s++) {
            const struct row *r = NULL;
            double x = x0 + s * bar_w, v, y;

            for (int i = 0; i < nrows; i++) {
                if (strcmp(rows[i].mechanism, mechs[m]) == 0 && rows[i].size == sizes[s])
                    r = &rows[i];
            }
            if (r == NULL)
                continue;
            if (!r->ok || value(r) <= 0) {
                fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"v\" transform=\"rotate(-90 %.1f %d)\">"
                             "%s</text>\n", x + bar_w / 2 + 3, base - 4, x + bar_w / 2 + 3,
                        base - 4, !r->measured ? "skipped" : r->ok ? "" : "FAILED");
                continue;
            }
            v = value(r);
            y = Y(v);
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                         "fill=\"%s\"><title>%s, %zu bytes: %.4g</title></rect>\n",
                    x, y, bar_w - 1, base - y, palette[s % 10], r->mechanism, r->size, v);
            if (whisker != NULL && whisker(r) > v) {
                double yw = Y(whisker(r));
                fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"w\"/>"
                             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"w\"/>\n",
                        x + bar_w / 2, y, x + bar_w / 2, yw, x + bar_w / 4, yw,
                        x + 3 * bar_w / 4, yw);
                y = yw;                         /* the label goes above the whisker */
            }
            short_value(label, sizeof label, v);
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"v\" transform=\"rotate(-90 %.1f %.1f)\">"
                         "%s</text>\n", x + bar_w / 2 + 3, y - 3, x + bar_w / 2 + 3, y - 3, label);
        }
    }
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"x\"/>\n",
            PANEL_LEFT, base, PANEL_RIGHT, base);
#undef Y
}

static double throughput(const struct row *r) { return r->mb_per_s; }
static double latency_us(const struct row *r) { return (double)r->rtt_median_ns / 1e3; }
static double latency_p99_us(const struct row *r) { return (double)r->rtt_p99_ns / 1e3; }

int write_svg(FILE *out, const struct row *rows, int nrows, const char *subtitle)
{
    const char *mechs[BENCH_MAX_ROWS], *lat_mechs[BENCH_MAX_ROWS];
    size_t sizes[BENCH_MAX_ROWS];
    int nmechs = 0, nlat = 0, nsizes = 0, height = 110 + 2 * PANEL_H + 90 + 40;
    char label[32];

    for (int i = 0; i < nrows; i++) {
        int m = 0, s = 0;
        while (m < nmechs && strcmp(mechs[m], rows[i].mechanism) != 0)
            m++;
        if (m == nmechs) {
            mechs[nmechs++] = rows[i].mechanism;
            if (strcmp(rows[i].mechanism, "memcpy") != 0)
                lat_mechs[nlat++] = rows[i].mechanism;
        }
        while (s < nsizes && sizes[s] != rows[i].size)
            s++;
        if (s == nsizes)
            sizes[nsizes++] = rows[i].size;
    }
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
                 "<style>.t{font-size:18px;font-weight:bold}.s{font-size:11px;fill:#555}"
                 ".h{font-size:13px;font-weight:bold}.a{font-size:10px;text-anchor:end;fill:#555}"
                 ".m{font-size:11px;text-anchor:middle}.v{font-size:9px;fill:#333}"
                 ".g{stroke:#ddd}.x{stroke:#333}.w{stroke:#222;stroke-width:1}"
                 ".l{font-size:11px}</style>\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
                 "<text x=\"%d\" y=\"28\" class=\"t\">ipc_bench: the same messages through "
                 "each mechanism</text>\n<text x=\"%d\" y=\"46\" class=\"s\">",
            SVG_WIDTH, height, SVG_WIDTH, height, PANEL_LEFT, PANEL_LEFT);
    xml_text(out, subtitle);
    fprintf(out, "</text>\n");
    for (int s = 0; s < nsizes; s++) {
        format_size(label, sizeof label, sizes[s]);
        fprintf(out, "<rect x=\"%d\" y=\"58\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"68\" class=\"l\">%s messages</text>\n",
                PANEL_LEFT + s * 130, palette[s % 10], PANEL_LEFT + s * 130 + 16, label);
    }
    svg_panel(out, 110, "Throughput, MB/s (log scale; higher is better)", rows, nrows,
              mechs, nmechs, sizes, nsizes, throughput, NULL);
    svg_panel(out, 110 + PANEL_H + 90,
              "Round trip, median in microseconds, line to the p99 (log scale; lower is better)",
              rows, nrows, lat_mechs, nlat, sizes, nsizes, latency_us, latency_p99_us);
    fprintf(out, "</svg>\n");
    return ferror(out) ? -1 : 0;
}
