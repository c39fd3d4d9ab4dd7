/*
 * health: /healthz, for load balancers and monitors: does the database
 * answer? With a replica, a second line says how it is (replica.h): a
 * balancer keeps a host whose primary is away while its replica serves
 * readers.
 */
#include "../lib/log.h"
#include "health.h"
#include "replica.h"

/* Adds the replica's line to the body, when there is a replica. */
static void
health_replica_line(struct ctx *c)
{
	char line[128];

	replica_describe(line, sizeof(line));
	if (line[0] != '\0') {
		buf_puts(&c->resp->body, "\n");
		buf_puts(&c->resp->body, line);
		buf_puts(&c->resp->body, "\n");
	}
}

struct outcome
handle_health(struct ctx *c)
{
	int rc = db_ping(c->db, c->arena);

	http_response_clear(c->resp);
	c->resp->content_type = "text/plain; charset=utf-8";
	http_response_header(c->resp, "Cache-Control", "no-store");
	if (rc == DB_OK) {
		c->resp->status = 200;
		buf_puts(&c->resp->body, "ok");
		health_replica_line(c);
		return outcome_page();
	}
	log_error("%s %s: the database does not answer: %s",
	    c->req->method_name, c->req->uri, c->db->error);
	c->resp->status = 503;
	buf_puts(&c->resp->body, "database unavailable");
	health_replica_line(c);
	return outcome_page();
}
