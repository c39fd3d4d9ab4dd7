/*
 * search: the user's search text made into a query that cannot misfire.
 * The words of the text are required, one by one: in a FULLTEXT BOOLEAN
 * MODE expression (every operator character dropped, so the text can never
 * widen the search, nor fail to parse), and as one regular expression per
 * word for the newest-first walk (post.c), which match the same words the
 * index does: whole words, any case, the usual accents folded.
 */
#ifndef MODEL_SEARCH_H
#define MODEL_SEARCH_H

#include <stddef.h>

struct arena;

/* The shortest and longest words InnoDB indexes (innodb_ft_min_token_size
 * of conf/mariadb.cnf.in, and the default innodb_ft_max_token_size). */
#define SEARCH_WORD_MIN 2
#define SEARCH_WORD_MAX 84

/* The most words one search requires; the walk has a slot for each. */
#define SEARCH_WORDS_MAX 8

struct search {
	/* "+word +word2": the words FULLTEXT can find, in the text's order. */
	const char *match;
	/*
	 * "(*UCP)\bw[oóò…]rd\b", one per word of match: what MariaDB's
	 * REGEXP (case-insensitive under the posts' collation) matches in
	 * CONCAT_WS(' ', title, body) when the index would find the word.
	 */
	const char *regex[SEARCH_WORDS_MAX];
	size_t nwords;
	/*
	 * The words left out, separated by single spaces, or NULL: shorter
	 * than SEARCH_WORD_MIN characters, longer than SEARCH_WORD_MAX,
	 * InnoDB's stopwords, or past the first SEARCH_WORDS_MAX.
	 */
	const char *ignored;
};

/* What search_build found in the text. */
enum search_outcome {
	SEARCH_OK = 0,		/* at least one word to look for */
	SEARCH_EMPTY = -1,	/* no word at all (blank, punctuation) */
	SEARCH_UNSEARCHABLE = -2 /* only words too short or too common */
};

/*
 * Builds the search for q. Words are the runs of letters, digits and '_'
 * (ASCII, or any character of two or more bytes but the punctuation and
 * spaces of Latin-1, General Punctuation and CJK); everything else
 * (spaces, punctuation, + - * " ( ) ~ < > @ and quotes) separates them.
 * Returns an enum search_outcome; s->ignored is set whatever it is.
 */
int search_build(struct arena *a, const char *q, struct search *out);

#endif
