/* util/log.c: see log.h. */
#include "util/log.h"

#include <stdio.h>

static void sink_stderr(void *opaque, enum log_level lvl, const char *line)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    (void)opaque;
    fprintf(stderr, "vireo: %s: %s\n", names[lvl], line);
}

void log_init_stderr(struct logger *lg, enum log_level level)
{
    lg->level = level;
    lg->sink = sink_stderr;
    lg->opaque = NULL;
}

void log_vmsg(const struct logger *lg, enum log_level lvl, const char *subsys,
              const char *fmt, va_list ap)
{
    if (lg == NULL || lg->sink == NULL || lvl > lg->level)
        return;
    char body[512], line[600];
    vsnprintf(body, sizeof body, fmt, ap);
    snprintf(line, sizeof line, "%s: %s", subsys, body);
    lg->sink(lg->opaque, lvl, line);
}

void log_msg(const struct logger *lg, enum log_level lvl, const char *subsys,
             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(lg, lvl, subsys, fmt, ap);
    va_end(ap);
}

void log_limited(const struct logger *lg, struct log_site *site, enum log_level lvl,
                 const char *subsys, const char *fmt, ...)
{
    if (site->count > LOG_LIMIT)
        return;
    site->count++;
    if (site->count > LOG_LIMIT) {
        log_msg(lg, lvl, subsys, "further messages of this kind suppressed");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(lg, lvl, subsys, fmt, ap);
    va_end(ap);
}
