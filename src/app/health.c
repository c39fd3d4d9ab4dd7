/* health: /healthz, for load balancers and monitors: does the DB answer? */
#include "../lib/log.h"
#include "health.h"

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
		return outcome_page();
	}
	log_error("%s %s: the database does not answer: %s",
	    c->req->method_name, c->req->uri, c->db->error);
	c->resp->status = 503;
	buf_puts(&c->resp->body, "database unavailable");
	return outcome_page();
}
