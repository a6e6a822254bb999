/* tsan_symbolize.h: naming the frames of a report TSan printed without them.
 *
 * To symbolize its own reports, TSan forks and runs llvm-symbolizer from
 * inside the program. An observed run (observe.h) refuses any process the
 * program starts, and cannot tell TSan's from the program's, so there TSan
 * runs with symbolize=0: each frame is only "#N|<null>|<null>|0|0|MODULE|
 * 0xOFFSET". racelab then runs llvm-symbolizer itself, from outside, on the
 * binary, and writes the names back into the report text, which the parser
 * (tsan.c) then reads as if TSan had written them. */
#ifndef RACELAB_TSAN_SYMBOLIZE_H
#define RACELAB_TSAN_SYMBOLIZE_H

struct proc_limits;

/* The report text with every unsymbolized frame of the uniform format, and
 * every "Location is global '<null>'", named (malloc'd). Frames the
 * symbolizer cannot name stay as they were; a frame inlined into another
 * becomes several frames with the same number, as TSan prints them. Returns
 * NULL with *err when llvm-symbolizer cannot be run. */
char *tsan_symbolize(const char *report, const struct proc_limits *limits, char **err);

/* The llvm-symbolizer racelab runs (the one beside clang), or NULL. */
const char *tsan_symbolizer_path(void);

#endif
