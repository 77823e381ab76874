/*
 * The generic half of the config loader: keepalived's file syntax turned
 * into a tree of statements, knowing no keyword. vrrp_conf.c gives
 * keepalived's keywords their meaning (keepalived keeps its lib/parser.c
 * apart from vrrp_parser.c the same way).
 *
 * Line by line, as keepalived 2.2.7's read_line() does: '!' and '#' start
 * a comment anywhere outside "quotes" ("\#", "\!" are the characters); a
 * line starting "@ID" is kept only when the config id is ID, "@^ID" only
 * when it is not; "$NAME=value" defines NAME, multi-line when it ends with
 * '\'; "$NAME" and "${NAME}" are then replaced (an undefined name is left
 * as it is); "include PATTERN" reads the files the glob matches, a
 * relative pattern from the including file's directory.
 *
 * Then words, "quoted strings" and { blocks }: a statement is a keyword,
 * the words after it on the same line, and an optional { block } of
 * statements, which may start on that line or the next.
 */
#ifndef VRRP_CONF_PARSER_H
#define VRRP_CONF_PARSER_H

#include <stddef.h>
#include "vrrp_conf_parser-t.h"

/* Parses the <len> bytes of <text>, named <path> in messages and the base
 * of relative includes, into <tree>; lines marked "@ID" are matched
 * against <config_id>, or, when NULL, keepalived's default (see
 * conf_default_config_id()). Returns 0, or -1 with "path:line: keyword:
 * reason" in <err> (<errlen> bytes) and tree->err_* set: a NUL byte, an
 * unterminated quoted string, a brace out of place, a block not closed or
 * nested deeper than CONF_MAX_DEPTH, a keepalived feature not provided
 * (~SEQ, ~LST, ${_RANDOM}, the include variants), a CONF_MAX_* bound.
 * <tree> must be released with conf_tree_free() in both cases.
 */
int conf_tree_parse(const char *path, const char *config_id, const char *text,
                    size_t len, struct conf_tree *tree, char *err, size_t errlen);

/* Writes keepalived's default config id into <buf> (<len> bytes): the node
 * name uname() gives, up to its first '.'. Returns 0, or -1 (<buf> "")
 * when uname() fails.
 */
int conf_default_config_id(char *buf, size_t len);

/* Returns the line number that the loc <loc> holds. */
int conf_loc_line(int loc);

/* Returns the name of the file that the loc <loc> points into, as the
 * include line's pattern made it (or the main file's <path>); "?" when
 * <loc> names no file of <tree>.
 */
const char *conf_loc_file(const struct conf_tree *tree, int loc);

/* Reads the whole file <path> into a malloc'd buffer of <*len> bytes (not
 * NUL-terminated), for the main file and every
 * included one alike. Returns it, or NULL with errno: EFBIG when it is
 * larger than CONF_MAX_FILE_SIZE (a file of exactly that size is read).
 */
char *conf_read_file(const char *path, size_t *len);

/* Releases what <tree> owns and zeroes it; safe to call twice. */
void conf_tree_free(struct conf_tree *tree);

#endif
