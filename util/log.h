/* util/log.h: the emulator's diagnostic log.
 * Messages about guest behaviour (unmapped ports, writes to ROM) are
 * rate-limited per call site with LOG_ONCE-style counters that live in the
 * caller's own struct, so there is no global mutable state. The sink is
 * chosen by the program (stderr by default; tests can silence it). */
#ifndef VIREO_UTIL_LOG_H
#define VIREO_UTIL_LOG_H

#include <stdarg.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

struct logger {
    enum log_level level;               /* messages above this are dropped */
    void (*sink)(void *opaque, enum log_level lvl, const char *line);
    void *opaque;
};

/* A logger that writes "vireo: <subsystem>: message" lines to stderr. */
void log_init_stderr(struct logger *lg, enum log_level level);

void log_msg(const struct logger *lg, enum log_level lvl, const char *subsys,
             const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void log_vmsg(const struct logger *lg, enum log_level lvl, const char *subsys,
              const char *fmt, va_list ap);

/* A per-site limiter: log_limited() prints the first `LOG_LIMIT` messages of
 * a site, then one "further messages suppressed" line, then nothing. */
#define LOG_LIMIT 8
struct log_site {
    unsigned count;
};
void log_limited(const struct logger *lg, struct log_site *site, enum log_level lvl,
                 const char *subsys, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
