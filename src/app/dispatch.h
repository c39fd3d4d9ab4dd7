/*
 * dispatch: answering one request, end to end: read it, find its route,
 * check its fields, run its handler (or answer a conditional GET), turn
 * the handler's outcome into the response (the one place error pages are
 * rendered), send it, and give the request's memory back.
 */
#ifndef APP_DISPATCH_H
#define APP_DISPATCH_H

#include "app.h"

/* Answers one request read from io with app's connection and memory. */
void dispatch_request(struct app *app, const struct http_io *io);

#endif
