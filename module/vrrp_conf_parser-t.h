/*
 * Types of the generic half of the config loader (vrrp_conf_parser.h).
 */
#ifndef VRRP_CONF_PARSER_T_H
#define VRRP_CONF_PARSER_T_H

#include <stdbool.h>
#include <stddef.h>

/* How deep blocks may nest. keepalived's own files need 4 or 5 levels
 * (virtual_server { real_server { HTTP_GET { url { ... }}}}); the limit
 * keeps the recursive parser's stack small whatever the input.
 */
#define CONF_MAX_DEPTH 32

/* Bounds on keepalived's file-syntax features, so that hostile or broken
 * input cannot loop or take the memory HAProxy needs. keepalived itself
 * has none: "$A=${A}" or a file that includes itself hangs or exhausts it.
 */
#define CONF_MAX_INCLUDE_DEPTH 8     /* include inside an included file... */
#define CONF_MAX_FILES    256        /* files one load reads, the main one too */
#define CONF_MAX_FILE_SIZE (1u << 20) /* each file, as vrrp_conf_load() */
#define CONF_MAX_LINE     4096       /* one line, before or after substitution
                                      * (keepalived's buffer is 1024) */
#define CONF_MAX_DEFS     1024       /* $NAME=value definitions */
#define CONF_MAX_DEF_LEN  65536      /* a (multi-line) definition's value */
#define CONF_MAX_SUBST    1000       /* substitutions in one line */
#define CONF_MAX_REFS     100000     /* "$NAME" looked up (replaced or not)
                                      * in the whole parse: bounds the time */
#define CONF_MAX_NEST     16         /* multi-line definitions expanded
                                      * inside one another */
#define CONF_MAX_OUTPUT   (8u << 20) /* bytes of lines after expansion,
                                      * comments left out */
#define CONF_MAX_LINES    (1 << 20)  /* lines, counting expanded ones */
#define CONF_MAX_WORDS    (1 << 18)  /* words and braces: bounds the memory
                                      * (each is a copy and a token) */

/* A statement's place is one int, "loc": the file's index in
 * conf_tree.files shifted left by CONF_LINE_BITS, plus the line. The main
 * file is index 0, so there loc and line number are the same; keeping one
 * int lets every place that remembers a line (for "first on line N")
 * remember its file too without a second field.
 */
#define CONF_LINE_BITS    21
#define CONF_LINE_MASK    ((1 << CONF_LINE_BITS) - 1)

struct conf_stmt {
	char              *kw;       /* point into conf_tree.words */
	char             **args;
	int                nargs;
	int                line;     /* a loc, see CONF_LINE_BITS */
	bool               has_block;
	struct conf_stmt  *kids;     /* the block's statements */
	int                nkids;
};

/* Something the file-syntax layer did that the operator should see: an
 * include line (why NULL: it was used), or one keepalived would log and
 * carry on past (why set: e.g. a pattern that matched no file).
 */
struct conf_note {
	int   loc;
	char *kw;
	char *why;
};

/* A parsed file and everything it included: <root> holds the top-level
 * statements as its block.
 */
struct conf_tree {
	struct conf_stmt  root;
	char            **words;     /* every word's text, owned here */
	int               nwords;
	char            **files;     /* files[0] is the main file's name */
	int               nfiles;
	struct conf_note *notes;
	int               nnotes;
	/* After a failed parse: where, which keyword or syntax, and whether
	 * it is a keepalived feature we do not provide (check mode says
	 * "unsupported" rather than "invalid").
	 */
	int               err_loc;
	char              err_kw[32];
	bool              err_unsupported;
};

#endif
