/*
 * media_sweep: blogctl's sweep-media: removes the files of [media] dir that
 * no row of media names (an upload cut short by a killed worker, an image
 * whose row was deleted while its files could not be), and the temporary
 * files of stores that never finished. Files changed in the last
 * MEDIA_SWEEP_AGE seconds are left: an upload in progress writes its
 * files before its row.
 */
#ifndef BLOGCTL_MEDIA_SWEEP_H
#define BLOGCTL_MEDIA_SWEEP_H

struct arena;
struct db;

#define MEDIA_SWEEP_AGE 3600

/*
 * Sweeps db->cfg's media dir, printing each file removed (or, with
 * dry_run, that would be) and a count. Returns 0, or 1 after saying what
 * failed.
 */
int media_sweep(struct db *db, struct arena *a, int dry_run);

#endif
