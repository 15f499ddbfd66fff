/*
 * ac_row_json(spec, v0, v1, ...): a GetConnector row's answer text, written by SQLite's reader threads in one call
 * per row (db/sqlite-read-worker.ts). Byte for byte what compileRowRenderer (src/read/row-renderer.ts) writes, for
 * the values this function knows; for any other value (a real outside [1e-4, 1e15), text in a number field, a
 * number in a string field, a non-ASCII date, an integer past 2^53) it answers NULL, and the SQL around it
 * (src/read/row-text-sql.ts) writes that row as before. The same row SQL in VDBE steps cost ~1.7x the instructions
 * (docs/performance.md).
 *
 * spec: one letter per field (s string, d date, b boolean, i int, n decimal, m decimal written bare as Profit
 * before 7 did), then each field's key text (`{"Id":`, `,"Name":`), all separated by \x01. Parsed once per
 * statement (auxdata on the constant argument).
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct {
  int count;
  char *types;
  char **prefixes;
  int *prefixLengths;
  char *buffer;
  size_t size;
} Spec;

static void specFree(void *p) {
  Spec *spec = p;
  if (!spec) return;
  free(spec->types);
  if (spec->prefixes) for (int i = 0; i < spec->count; i++) free(spec->prefixes[i]);
  free(spec->prefixes);
  free(spec->prefixLengths);
  free(spec->buffer);
  free(spec);
}

static Spec *specParse(const char *text, int length) {
  Spec *spec = calloc(1, sizeof(Spec));
  if (!spec) return 0;
  const char *end = text + length;
  const char *sep = memchr(text, 1, length);
  if (!sep) { specFree(spec); return 0; }
  spec->count = (int)(sep - text);
  spec->types = malloc(spec->count + 1);
  spec->prefixes = calloc(spec->count, sizeof(char *));
  spec->prefixLengths = calloc(spec->count, sizeof(int));
  if (!spec->types || !spec->prefixes || !spec->prefixLengths) { specFree(spec); return 0; }
  memcpy(spec->types, text, spec->count);
  const char *at = sep + 1;
  for (int i = 0; i < spec->count; i++) {
    const char *next = memchr(at, 1, end - at);
    if (!next) next = end;
    int n = (int)(next - at);
    spec->prefixes[i] = malloc(n + 1);
    if (!spec->prefixes[i]) { specFree(spec); return 0; }
    memcpy(spec->prefixes[i], at, n);
    spec->prefixLengths[i] = n;
    at = next < end ? next + 1 : end;
  }
  return spec;
}

static int reserve(Spec *spec, size_t used, size_t more) {
  if (used + more <= spec->size) return 1;
  size_t size = spec->size ? spec->size : 4096;
  while (size < used + more) size *= 2;
  char *grown = realloc(spec->buffer, size);
  if (!grown) return 0;
  spec->buffer = grown;
  spec->size = size;
  return 1;
}

/* The integers JavaScript reads exactly; better-sqlite3 gives others as inexact numbers. */
#define SAFE 9007199254740991LL

static void rowJson(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Spec *spec = sqlite3_get_auxdata(ctx, 0);
  if (!spec) {
    spec = specParse((const char *)sqlite3_value_text(argv[0]), sqlite3_value_bytes(argv[0]));
    if (!spec || spec->count != argc - 1) { specFree(spec); sqlite3_result_error(ctx, "ac_row_json: bad spec", -1); return; }
    sqlite3_set_auxdata(ctx, 0, spec, specFree);
    spec = sqlite3_get_auxdata(ctx, 0);
    if (!spec) { sqlite3_result_error_nomem(ctx); return; }
  }
  size_t used = 0;
  char number[40];
  for (int i = 0; i < spec->count; i++) {
    sqlite3_value *v = argv[i + 1];
    int type = sqlite3_value_type(v);
    int plen = spec->prefixLengths[i];
    if (!reserve(spec, used, plen + 48)) goto nomem;
    memcpy(spec->buffer + used, spec->prefixes[i], plen);
    used += plen;
    char *out = spec->buffer + used;
    if (type == SQLITE_NULL) { memcpy(out, "null", 4); used += 4; continue; }
    switch (spec->types[i]) {
    case 's': {
      if (type != SQLITE_TEXT) goto fallback;
      const unsigned char *t = sqlite3_value_text(v);
      int n = sqlite3_value_bytes(v);
      /* Escaped as JSON.stringify (and SQLite's json_quote) do: \b \t \n \f \r, other controls as \u00xx. */
      if (!reserve(spec, used, (size_t)n * 6 + 2)) goto nomem;
      char *o = spec->buffer + used;
      *o++ = '"';
      for (int k = 0; k < n; k++) {
        unsigned char c = t[k];
        if (c >= 0x20 && c != '"' && c != '\\') { *o++ = c; continue; }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default: {
          static const char hex[] = "0123456789abcdef";
          *o++ = 'u'; *o++ = '0'; *o++ = '0'; *o++ = hex[c >> 4]; *o++ = hex[c & 15];
        }
        }
      }
      *o++ = '"';
      used = o - spec->buffer;
      break;
    }
    case 'd': {
      if (type != SQLITE_TEXT) goto fallback;
      const unsigned char *t = sqlite3_value_text(v);
      int n = sqlite3_value_bytes(v);
      if (n == 0) { memcpy(out, "null", 4); used += 4; break; }
      /* ASCII only: JavaScript counts UTF-16 units. The Z is AFAS's, not UTC. */
      for (int k = 0; k < n; k++) if (t[k] >= 0x80) goto fallback;
      if (n <= 10) {
        out[0] = '"'; memcpy(out + 1, t, n); memcpy(out + 1 + n, "T00:00:00Z\"", 11); used += n + 12;
      } else {
        int m = n < 19 ? n : 19;
        out[0] = '"'; memcpy(out + 1, t, m); out[1 + m] = 'Z'; out[2 + m] = '"'; used += m + 3;
      }
      break;
    }
    case 'b': {
      if (type != SQLITE_INTEGER) goto fallback;
      if (sqlite3_value_int64(v) == 1) { memcpy(out, "true", 4); used += 4; }
      else { memcpy(out, "false", 5); used += 5; }
      break;
    }
    case 'i':
    case 'n':
    case 'm': {
      if (type == SQLITE_INTEGER) {
        sqlite3_int64 x = sqlite3_value_int64(v);
        if (x > SAFE || x < -SAFE) goto fallback;
        used += snprintf(out, 24, "%lld", (long long)x);
        break;
      }
      if (type != SQLITE_FLOAT || spec->types[i] == 'i') goto fallback;
      double x = sqlite3_value_double(v);
      if (x == 0) { out[0] = '0'; used += 1; break; }
      double a = fabs(x);
      /* Where printf's %g writes no exponent, as JavaScript does not. The shortest of 15 to 17 digits that reads
       * back as the same double is JavaScript's text: shortest, and the nearest of that length. */
      if (!(a >= 1e-4 && a < 1e15)) goto fallback;
      int n = 0;
      for (int p = 15; p <= 17; p++) {
        n = snprintf(number, sizeof number, "%.*g", p, x);
        if (strtod(number, 0) == x) break;
      }
      /* Digits, a sign and a point only: a process whose numeric locale writes a comma leaves reals to the SQL. */
      for (int k = 0; k < n; k++)
        if (!((number[k] >= '0' && number[k] <= '9') || number[k] == '-' || number[k] == '.')) goto fallback;
      const char *s = number;
      if (spec->types[i] == 'm') {
        if (s[0] == '0' && s[1] == '.') { s++; n--; }
        else if (s[0] == '-' && s[1] == '0' && s[2] == '.') { number[1] = '-'; s++; n--; }
      }
      memcpy(out, s, n);
      used += n;
      break;
    }
    default:
      goto fallback;
    }
  }
  if (!reserve(spec, used, 1)) goto nomem;
  spec->buffer[used++] = '}';
  sqlite3_result_text(ctx, spec->buffer, (int)used, SQLITE_TRANSIENT);
  return;
fallback:
  /* The SQL around the call writes this row. */
  sqlite3_result_null(ctx);
  return;
nomem:
  sqlite3_result_error_nomem(ctx);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_rowjson_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi)
  (void)pzErrMsg;
  return sqlite3_create_function(db, "ac_row_json", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, 0, rowJson, 0, 0);
}
