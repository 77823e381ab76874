/*
 * The generic half of the config loader: keepalived's file syntax (words,
 * "quoted strings", { blocks }, '!' and '#' comments to the end of the
 * line) turned into a tree of statements, knowing no keyword. vrrp_conf.c
 * gives keepalived's keywords their meaning (keepalived keeps its
 * lib/parser.c apart from vrrp_parser.c the same way).
 *
 * A statement is a keyword, the words after it on the same line, and an
 * optional { block } of statements, which may start on that line or the
 * next.
 */
#ifndef VRRP_CONF_PARSER_H
#define VRRP_CONF_PARSER_H

#include <stdbool.h>
#include <stddef.h>

/* How deep blocks may nest. keepalived's own files need 4 or 5 levels
 * (virtual_server { real_server { HTTP_GET { url { ... }}}}); the limit
 * keeps the recursive parser's stack small whatever the input.
 */
#define CONF_MAX_DEPTH 32

struct conf_stmt {
	char              *kw;       /* point into conf_tree.words */
	char             **args;
	int                nargs;
	int                line;
	bool               has_block;
	struct conf_stmt  *kids;     /* the block's statements */
	int                nkids;
};

/* A parsed file: <root> holds the top-level statements as its block. */
struct conf_tree {
	struct conf_stmt root;
	char           **words;      /* every word's text, owned here */
	int              nwords;
};

/* Parses the <len> bytes of <text>, named <path> in messages, into
 * <tree>. Returns 0, or -1 with "path:line: keyword: reason" in <err>
 * (<errlen> bytes): a NUL byte, an unterminated quoted string, a brace out
 * of place, a block not closed or nested deeper than CONF_MAX_DEPTH.
 * <tree> must be released with conf_tree_free() in both cases.
 */
int conf_tree_parse(const char *path, const char *text, size_t len,
                    struct conf_tree *tree, char *err, size_t errlen);

/* Releases what <tree> owns and zeroes it; safe to call twice. */
void conf_tree_free(struct conf_tree *tree);

#endif
