/*
 * ctemplate: the view API of view.h over Google's ctemplate, the only C++
 * in the project. view_init parses every template of the directory into a
 * cache of our own and freezes it; nothing is read from disk after that.
 *
 * ctemplate's include dictionaries do not inherit their parent's values,
 * so a view_dict is two dictionaries kept in step: the one layout.tpl (or a
 * template rendered alone) reads, and the one the page in its {{>CONTENT}}
 * reads. Every setter writes both.
 *
 * No exception leaves this file: every entry point catches everything. A
 * setter that fails marks its top-level dictionary, which then refuses to
 * render rather than show a page with values missing.
 */
extern "C" {
#include "view.h"
#include "../lib/buf.h"
}

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>

using ctemplate::TemplateCache;
using ctemplate::TemplateDictionary;

struct view_dict {
	TemplateDictionary *layout = nullptr;	/* read by layout.tpl */
	TemplateDictionary *page = nullptr;	/* read by {{>CONTENT}} */
	struct view_dict *top = nullptr;

	/* Only in a top-level dictionary: */
	std::unique_ptr<TemplateDictionary> root;
	std::vector<std::unique_ptr<struct view_dict>> sections;
	bool failed = false;	/* a setter failed: values are missing */
};

/* The parsed templates and their names, as view_init left them. */
struct view_templates {
	TemplateCache cache;
	std::set<std::string> names;
};

/* Blank lines and lines holding only a template tag go. */
static const ctemplate::Strip view_strip = ctemplate::STRIP_BLANK_LINES;

static std::unique_ptr<view_templates> templates;

/*
 * Collects what ctemplate writes to std::cerr while it lives: the only
 * place ctemplate says why a template did not parse.
 */
class cerr_capture {
public:
	cerr_capture() : saved(std::cerr.rdbuf(text.rdbuf())) {}
	~cerr_capture() { std::cerr.rdbuf(saved); }
	cerr_capture(const cerr_capture &) = delete;
	cerr_capture &operator=(const cerr_capture &) = delete;

	/* Returns ctemplate's last complaint without its prefixes. */
	std::string reason() const;

private:
	std::ostringstream text;
	std::streambuf *saved;
};

std::string
cerr_capture::reason() const
{
	std::istringstream lines(text.str());
	std::string line, last;
	size_t at;

	while (std::getline(lines, line))
		if (!line.empty())
			last = line;
	/* "ERROR: Template /dir/x.tpl: ERROR: Line 3: ..." */
	for (const char *prefix : { "ERROR: ", "WARNING: " })
		if ((at = last.rfind(prefix)) != std::string::npos) {
			last.erase(0, at + strlen(prefix));
			break;
		}
	return last.empty() ? "cannot be parsed" : last;
}

/* Writes a message into err, if the caller gave room for one. */
static void
set_error(char *err, size_t errlen, const std::string &message)
{
	if (err != nullptr && errlen > 0)
		snprintf(err, errlen, "%s", message.c_str());
}

/*
 * Whether name can be a template's file name: letters, digits, '_', '-'
 * and '.', not starting with '.'; so never a path.
 */
static bool
name_plain(const char *name)
{
	if (name == nullptr || name[0] == '\0' || name[0] == '.')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '.'))
			return false;
	return true;
}

/*
 * Lists the regular files named *.tpl in dir, sorted, into names. Returns
 * true, or false with the reason in why.
 */
static bool
list_templates(const std::string &dir, std::vector<std::string> &names,
    std::string &why)
{
	static const std::string suffix = ".tpl";
	DIR *d;
	struct dirent *e;
	struct stat st;
	std::string name;

	if ((d = opendir(dir.c_str())) == nullptr) {
		why = dir + ": " + strerror(errno);
		return false;
	}
	while ((e = readdir(d)) != nullptr) {
		name = e->d_name;
		if (name[0] == '.' || name.size() <= suffix.size() ||
		    name.compare(name.size() - suffix.size(), suffix.size(),
		    suffix) != 0)
			continue;
		if (stat((dir + "/" + name).c_str(), &st) == 0 &&
		    S_ISREG(st.st_mode))
			names.push_back(name);
	}
	closedir(d);
	std::sort(names.begin(), names.end());
	return true;
}

/*
 * Parses every template in dir into a new, frozen cache. Returns it, or
 * nullptr with the first template that failed and why in why.
 */
static std::unique_ptr<view_templates>
load_templates(const std::string &dir, std::string &why)
{
	std::unique_ptr<view_templates> t(new view_templates);
	std::vector<std::string> names;

	if (!list_templates(dir, names, why))
		return nullptr;
	if (!std::binary_search(names.begin(), names.end(), "layout.tpl")) {
		why = dir + "/layout.tpl: missing";
		return nullptr;
	}
	if (!t->cache.SetTemplateRootDirectory(dir)) {
		why = dir + ": cannot be the template directory";
		return nullptr;
	}
	for (const std::string &name : names) {
		cerr_capture log;

		if (!name_plain(name.c_str())) {
			why = dir + "/" + name + ": not a plain file name";
			return nullptr;
		}
		if (!t->cache.LoadTemplate(name, view_strip)) {
			why = dir + "/" + name + ": " + log.reason();
			return nullptr;
		}
		t->names.insert(name);
	}
	t->cache.Freeze();
	return t;
}

int
view_init(const char *dir, char *err, size_t errlen)
{
	std::unique_ptr<view_templates> t;
	std::string why;

	if (dir == nullptr || dir[0] == '\0') {
		set_error(err, errlen, "no template directory");
		return -1;
	}
	try {
		if ((t = load_templates(dir, why)) == nullptr) {
			set_error(err, errlen, why);
			return -1;
		}
		templates = std::move(t);
		return 0;
	} catch (const std::exception &e) {
		set_error(err, errlen, std::string(dir) + ": " + e.what());
	} catch (...) {
		set_error(err, errlen, std::string(dir) + ": unknown error");
	}
	return -1;
}

void
view_shutdown(void)
{
	try {
		templates.reset();
	} catch (...) {
		/* Nothing left to do at exit. */
	}
}

struct view_dict *
view_dict_new(void)
{
	try {
		std::unique_ptr<view_dict> d(new view_dict);

		d->root.reset(new TemplateDictionary("view"));
		d->layout = d->root.get();
		d->page = d->layout->AddIncludeDictionary("CONTENT");
		d->top = d.get();
		return d.release();
	} catch (...) {
		return nullptr;
	}
}

void
view_dict_free(struct view_dict *d)
{
	/* A section belongs to its top-level dictionary. */
	if (d == nullptr || d->top != d)
		return;
	try {
		delete d;
	} catch (...) {
		/* Destructors here do not throw; nothing to undo if one did. */
	}
}

void
view_set(struct view_dict *d, const char *name, const char *value)
{
	if (d == nullptr || name == nullptr)
		return;
	try {
		const char *v = value != nullptr ? value : "";

		d->layout->SetValue(name, v);
		d->page->SetValue(name, v);
	} catch (...) {
		d->top->failed = true;
	}
}

void
view_set_int(struct view_dict *d, const char *name, long long value)
{
	char digits[32];

	snprintf(digits, sizeof(digits), "%lld", value);
	view_set(d, name, digits);
}

void
view_show(struct view_dict *d, const char *section)
{
	if (d == nullptr || section == nullptr)
		return;
	try {
		d->layout->ShowSection(section);
		d->page->ShowSection(section);
	} catch (...) {
		d->top->failed = true;
	}
}

struct view_dict *
view_add_section(struct view_dict *d, const char *section)
{
	if (d == nullptr || section == nullptr)
		return nullptr;
	try {
		std::unique_ptr<view_dict> s(new view_dict);

		s->layout = d->layout->AddSectionDictionary(section);
		s->page = d->page->AddSectionDictionary(section);
		s->top = d->top;
		d->top->sections.push_back(std::move(s));
		return d->top->sections.back().get();
	} catch (...) {
		d->top->failed = true;
		return nullptr;
	}
}

/*
 * Expands the template name with the dictionary and appends the result to
 * out. Returns 0, or -1 if it is unknown or ctemplate reports an error (out
 * is then left as it was).
 */
static int
expand(const std::string &name, const TemplateDictionary *dict,
    struct buf *out)
{
	std::string text;

	if (templates->names.count(name) == 0)
		return -1;
	if (!templates->cache.ExpandNoLoad(name, view_strip, dict, nullptr,
	    &text))
		return -1;
	buf_append(out, text.data(), text.size());
	return 0;
}

/* Whether d can be rendered into out now. */
static bool
renderable(const struct view_dict *d, const struct buf *out)
{
	return templates != nullptr && d != nullptr && d->top == d &&
	    !d->failed && out != nullptr;
}

int
view_render_page(const char *page, struct view_dict *d, struct buf *out)
{
	if (!renderable(d, out) || !name_plain(page) ||
	    strcmp(page, "layout") == 0)
		return -1;
	try {
		const std::string file = std::string(page) + ".tpl";

		if (templates->names.count(file) == 0)
			return -1;
		d->page->SetFilename(file);
		return expand("layout.tpl", d->layout, out);
	} catch (...) {
		return -1;
	}
}

int
view_render(const char *name, struct view_dict *d, struct buf *out)
{
	if (!renderable(d, out) || !name_plain(name))
		return -1;
	try {
		return expand(name, d->layout, out);
	} catch (...) {
		return -1;
	}
}
