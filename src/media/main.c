/*
 * main: blog-image, the child's half of image_store once it has exec'd:
 * the one program that links libvips, so that blog.fcgi does not load it
 * and its hundred libraries in every worker. store.c forks, fences the
 * child in (its own group, signals reset, only the report pipe and the
 * media directory left open, RLIMIT_CORE and RLIMIT_CPU) and execs this
 * with the job on the command line (job.h). Here come the limits that
 * must follow the exec: RLIMIT_AS over what this process has mapped once
 * started (its libraries; under AddressSanitizer, the shadow memory,
 * which could not be mapped under the limit), and one malloc arena. Then
 * convert_run, its report on the pipe, and an exit that runs nothing else.
 *
 * Not a command: run from a terminal, or with a command line store.c
 * would not write, it says so on stderr and exits with JOB_EXIT_USAGE.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>

#include "convert.h"
#include "job.h"

/* Returns the bytes of address space this process has, or 0 if unknown. */
static uint64_t
mapped_bytes(void)
{
	unsigned long pages = 0;
	long page = sysconf(_SC_PAGESIZE);
	FILE *f;

	if ((f = fopen("/proc/self/statm", "re")) == NULL)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
}

static void
usage(void)
{
	fputs("usage: blog-image REPORT_FD DIR_FD UPLOAD PREFIX HASH TYPE "
	    "MAX_PIXELS MAX_MEMORY\n"
	    "  blog.fcgi runs it to decode one upload in a process of its "
	    "own;\n"
	    "  it is not a command to run by hand.\n", stderr);
}

int
main(int argc, char *argv[])
{
	struct convert_report r;
	struct job job;
	char why[IMAGE_WHY_MAX];
	uint64_t mapped;
	rlim_t budget;

	if (isatty(STDIN_FILENO)) {
		fputs("blog-image: not a command: blog.fcgi runs it\n", stderr);
		usage();
		return JOB_EXIT_USAGE;
	}
	if (job_parse(argc, argv, &job, why, sizeof(why)) != 0) {
		fprintf(stderr, "blog-image: %s\n", why);
		usage();
		return JOB_EXIT_USAGE;
	}
	/*
	 * The budget is on top of what is mapped now, so it is the same
	 * whatever the build. One malloc arena: each thread's own would
	 * reserve 64 MiB of address space and count against it.
	 */
	mapped = mapped_bytes();
	budget = job.max_memory > RLIM_INFINITY - 1 - mapped ?
	    RLIM_INFINITY : (rlim_t)(mapped + job.max_memory);
	job_lower_limit(RLIMIT_AS, budget, budget);
	mallopt(M_ARENA_MAX, 1);
	convert_run(&job.convert, &r);
	job_report(job.report_fd, &r);
	/* Nothing of libvips' or GLib's to run at exit. */
	_exit(0);
}
