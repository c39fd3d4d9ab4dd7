/*
 * view: HTML pages (and the Atom feed) from templates/ through ctemplate,
 * with auto-escaping on. The only C++ behind it is src/view/ctemplate.cc.
 *
 * A handler fills a dictionary (values, sections shown or repeated) and
 * renders one page template inside templates/layout.tpl.
 */
#ifndef VIEW_VIEW_H
#define VIEW_VIEW_H

#include <stddef.h>

struct buf;
struct view_dict;	/* a ctemplate TemplateDictionary */

/*
 * Loads and parses every template in dir once, then freezes the cache.
 * Returns 0, or -1 with the template and the reason in err.
 */
int view_init(const char *dir, char *err, size_t errlen);

/* Releases the templates. */
void view_shutdown(void);

/* Returns a new, empty top-level dictionary; free it with view_dict_free. */
struct view_dict *view_dict_new(void);

/* Releases a top-level dictionary and every section dictionary in it. */
void view_dict_free(struct view_dict *d);

/* Sets {{NAME}} to value (copied). */
void view_set(struct view_dict *d, const char *name, const char *value);

/* Sets {{NAME}} to the decimal value. */
void view_set_int(struct view_dict *d, const char *name, long long value);

/* Shows {{#SECTION}} once, with d's values. */
void view_show(struct view_dict *d, const char *section);

/*
 * Adds one repetition of {{#SECTION}} and returns its dictionary, owned by d
 * (values not set in it are looked up in d).
 */
struct view_dict *view_add_section(struct view_dict *d, const char *section);

/*
 * Renders templates/PAGE.tpl inside layout.tpl (as {{>CONTENT}}) and appends
 * the HTML to out. Returns 0, or -1 if the template is unknown or fails.
 */
int view_render_page(const char *page, struct view_dict *d, struct buf *out);

/* Renders templates/NAME alone (e.g. "feed.atom.tpl"); 0 or -1 as above. */
int view_render(const char *name, struct view_dict *d, struct buf *out);

#endif
