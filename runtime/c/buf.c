/* buf.c — growable byte buffers and UTF-8 coding. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void elle_buf_put(ElleBuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1) cap *= 2;
        b->data = elle_xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void elle_buf_puts(ElleBuf *b, const char *s) { elle_buf_put(b, s, strlen(s)); }

void elle_buf_printf(ElleBuf *b, const char *fmt, ...) {
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if ((size_t)n < sizeof small) {
        elle_buf_put(b, small, (size_t)n);
        return;
    }
    char *big = elle_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    elle_buf_put(b, big, (size_t)n);
    free(big);
}

void elle_buf_free(ElleBuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

Val elle_string_from_buf(ElleBuf *b) {
    Val s = elle_make_string(b->data ? b->data : "", b->len);
    elle_buf_free(b);
    return s;
}

Val elle_text_from_buf(const char *who, ElleBuf *b) {
    if (!elle_utf8_check(who, b->data ? b->data : "", b->len)) {
        elle_buf_free(b);
        return ELLE_EXC;
    }
    return elle_string_from_buf(b);
}

size_t elle_utf8_decode(const char *s, size_t len, uint32_t *cp) {
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80 || len < 2) { *cp = u[0]; return 1; }
    if ((u[0] & 0xE0) == 0xC0) { *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); return 2; }
    if ((u[0] & 0xF0) == 0xE0 && len >= 3) {
        *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    }
    if (len >= 4) {
        *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        return 4;
    }
    *cp = u[0];
    return 1;
}

/* The length of one well-formed UTF-8 sequence at s (Unicode's table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || len < n) return 0;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

size_t elle_utf8_valid_prefix(const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_sequence(u + i, len - i);
        if (!n) break;
        i += n;
    }
    return i;
}

int elle_utf8_check(const char *who, const char *s, size_t len) {
    size_t ok = elle_utf8_valid_prefix(s, len);
    if (ok == len) return 1;
    elle_raise("%s: the text is not UTF-8 (byte 0x%02X at offset %zu)", who, (unsigned char)s[ok], ok);
    return 0;
}

/* s with each ill-formed sequence replaced by U+FFFD (one per maximal
 * bad run of bytes that cannot start a character) */
void elle_utf8_repair(ElleBuf *out, const char *s, size_t len) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t ok = elle_utf8_valid_prefix(s + i, len - i);
        elle_buf_put(out, s + i, ok);
        i += ok;
        if (i == len) break;
        elle_buf_puts(out, "\xEF\xBF\xBD");
        i++;
        while (i < len && (u[i] & 0xC0) == 0x80) i++;
    }
}

size_t elle_utf8_encode(uint32_t cp, char out[4]) {
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
