/*
 * test.h: the unit tests' few macros. Each test file is a program whose main
 * calls TEST_RUN on its test functions and returns TEST_DONE(); a failed
 * check prints file:line and the expression, and the run goes on.
 */
#ifndef TESTS_UNIT_TEST_H
#define TESTS_UNIT_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_checks;
static int test_passed, test_failed;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
		    #cond); \
		test_failed_checks++; \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *got_ = (got), *want_ = (want); \
	if (got_ == NULL || strcmp(got_, want_) != 0) { \
		fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, \
		    __LINE__, #got, got_ ? got_ : "(null)", want_); \
		test_failed_checks++; \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long got_ = (long long)(got), want_ = (long long)(want); \
	if (got_ != want_) { \
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, \
		    __LINE__, #got, got_, want_); \
		test_failed_checks++; \
	} \
} while (0)

/* Runs one test function and counts it as passed or failed. */
#define TEST_RUN(fn) do { \
	int before_ = test_failed_checks; \
	fn(); \
	if (test_failed_checks == before_) { \
		test_passed++; \
	} else { \
		test_failed++; \
		fprintf(stderr, "FAIL %s\n", #fn); \
	} \
} while (0)

/* Prints the file's tally for scripts/test.sh; returns main's exit status. */
#define TEST_DONE() \
	(printf("%d passed, %d failed\n", test_passed, test_failed), \
	    test_failed != 0)

#endif
