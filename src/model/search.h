/*
 * search: the user's search text made into a query that cannot misfire.
 * The words of the text are required, one by one, in a FULLTEXT BOOLEAN
 * MODE expression; every operator character is dropped, so the text can
 * never widen the search, nor fail to parse.
 */
#ifndef MODEL_SEARCH_H
#define MODEL_SEARCH_H

struct arena;

/* The shortest and longest words InnoDB indexes (innodb_ft_min_token_size
 * of conf/mariadb.cnf.in, and the default innodb_ft_max_token_size). */
#define SEARCH_WORD_MIN 2
#define SEARCH_WORD_MAX 84

struct search {
	/*
	 * "+word +word2": the words FULLTEXT can find. NULL when there is
	 * none; then like is set.
	 */
	const char *match;
	/*
	 * "%word word2%" with % _ ! escaped by '!': a LIKE pattern for the
	 * text whose words are all too short, too long or stopwords, which
	 * FULLTEXT cannot find (searching "C", "the who").
	 */
	const char *like;
};

/*
 * Builds the search for q. Words are the runs of ASCII letters, digits,
 * '_' and bytes of multi-byte UTF-8 characters; everything else (spaces,
 * punctuation, + - * " ( ) ~ < > @ and quotes) separates them. Returns 0,
 * or -1 when q holds no word at all.
 */
int search_build(struct arena *a, const char *q, struct search *out);

#endif
