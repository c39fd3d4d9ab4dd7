/*
 * outcome: what a handler answers, as a value. A handler makes a page
 * itself, in c->resp; a redirect or an error it only returns, and the
 * dispatcher alone turns those into the response (errors.h), so no
 * handler renders an error page and auth, render and errors call each
 * other in a line: outcome <- auth <- render <- errors <- dispatch.
 *
 * The rules:
 * - OUTCOME_PAGE: c->resp holds the whole answer (status, headers, body:
 *   a page, a 304, the feed, a form again with its 422).
 * - OUTCOME_REDIRECT: status (301, 302, 303) to location; the headers the
 *   handler added (Set-Cookie) are kept, anything else it wrote dropped.
 *   A location a header cannot hold becomes a 500.
 * - OUTCOME_ERROR: status and one sentence for the user on the error
 *   page; everything the handler wrote is dropped.
 * - OUTCOME_DB_ERROR: a model call failed with rc, while doing what text
 *   says (for the log). The log line is written first, with the
 *   database's reason; then the error page (503 for DB_UNAVAILABLE, else
 *   500) has the signed-out layout when the session was not read yet,
 *   so that it does not ask the failing database again.
 */
#ifndef APP_OUTCOME_H
#define APP_OUTCOME_H

enum outcome_kind {
	OUTCOME_PAGE,
	OUTCOME_REDIRECT,
	OUTCOME_ERROR,
	OUTCOME_DB_ERROR,
};

struct outcome {
	enum outcome_kind kind;
	int status;		/* REDIRECT, ERROR: the HTTP status */
	int rc;			/* DB_ERROR: the model's code (db.h) */
	const char *text;	/* the location, the message, or what was
				   being done */
};

/* Returns the outcome of a page made in c->resp. */
struct outcome outcome_page(void);

/* Returns a redirect with status to location. */
struct outcome outcome_redirect(int status, const char *location);

/* Returns an error page with status and message. */
struct outcome outcome_error(int status, const char *message);

/* Returns a model failure rc that happened while doing. */
struct outcome outcome_db_error(int rc, const char *doing);

#endif
