/*
 * media: the images page, /blog/media (SPEC "Images"): the library, newest
 * first; uploads (POST, multipart/form-data); and deletes.
 */
#ifndef APP_MEDIA_H
#define APP_MEDIA_H

#include "app.h"
#include "outcome.h"

/* GET: the upload form and the images. POST: an upload, then 303 back
 * (or, asked for application/json, the images stored, as JSON). */
struct outcome handle_media(struct ctx *c);

/* POST /blog/media/{id}/delete: 303 back, or 409 naming the posts that
 * show the image. */
struct outcome handle_media_delete(struct ctx *c);

#endif
