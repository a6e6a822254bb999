/* html.h: writing text into an HTML page that is also well-formed XML.
 *
 * What racelab puts on a page comes from programs and tools it does not
 * control: a finding's message, a source line, a header's prose. Any of them
 * may hold markup (`<script>`), control characters or bytes that are not
 * UTF-8. Every such string goes through html_text(), which makes it inert
 * text that both a browser and an XML parser (expat, in the tests) accept. */
#ifndef RACELAB_HTML_H
#define RACELAB_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Write s as text, valid in element content and in a quoted attribute value:
 * & < > " ' as character references, a carriage return dropped, other
 * control characters as their visible pictures (U+2400...), and anything
 * that is not valid UTF-8 or not an XML character as U+FFFD. NULL writes
 * nothing. */
void html_text(FILE *out, const char *s);
/* The same for the first n bytes of s. */
void html_textn(FILE *out, const char *s, size_t n);

/* Write an id (or the fragment that links to it): prefix, then s with every
 * byte outside [A-Za-z0-9._-] as '_' ("case-", "threads/x" -> case-threads_x). */
void html_id(FILE *out, const char *prefix, const char *s);

/* Write text in which `backquoted` spans become <code> (the headers' prose
 * quotes code that way); an unpaired backquote stays as it is. */
void html_prose(FILE *out, const char *s);

#endif
