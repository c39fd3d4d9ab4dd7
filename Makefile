# The entry points: all, run, test, bench, fuzz, clean; db-start, db-stop,
# db-shell, schema; cluster, cluster-down, cluster-test.
# Builds every binary at the project root (linked by the C++ compiler, for
# the one C++ file); objects go to build/ (build-san/ with
# SAN=1), with header dependencies tracked through -MMD.

CC ?= cc
ifeq ($(origin CXX),default)
CXX := $(if $(findstring clang,$(CC)),clang++,g++)
endif

PKGS := fcgi libmariadb libctemplate md4c-html inih libsodium icu-uc icu-i18n
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c17 $(WARN) -Wpedantic -D_GNU_SOURCE $(PKG_CFLAGS) $(CFLAGS)
ALL_CXXFLAGS := -std=c++17 $(WARN) $(PKG_CFLAGS) $(CXXFLAGS)
# libvips (and the GLib under it) only where it is used: its headers for
# src/media/convert.c alone, its libraries only in blog-image (and the
# test that makes its pictures with it), so that blog.fcgi, migrate and
# blogctl do not load it and its hundred libraries at every start.
VIPS_CFLAGS := $(shell pkg-config --cflags vips 2>/dev/null)
VIPS_LIBS := $(shell pkg-config --libs vips 2>/dev/null)
LDLIBS := $(PKG_LIBS)
# libyaml (src/lib/frontmatter.c) only where it is used: blogctl's export
# and import, and the front matter's unit test; blog.fcgi never reads YAML.
YAML_LIBS := $(or $(shell pkg-config --libs yaml-0.1 2>/dev/null),-lyaml)

BUILD := build
ifeq ($(SAN),1)
BUILD := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_CFLAGS += $(SANFLAGS)
ALL_CXXFLAGS += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
endif

# The layers, each an archive, so a binary links only what it uses and a
# test links the code it tests. src/app and src/migrate are archives too,
# all but their main.c, which alone goes into the binary. So is src/media,
# but for blog-image's main.c and convert.c, the libvips caller: they go
# into blog-image alone, so that no other binary can pull libvips in
# through the archive (it would not link without VIPS_LIBS).
LAYERS := lib http model view media app migrate
lib_SRC := $(wildcard src/lib/*.c)
http_SRC := $(wildcard src/http/*.c)
model_SRC := $(wildcard src/model/*.c)
view_SRC := $(wildcard src/view/*.c src/view/*.cc)
BLOG_IMAGE_SRC := src/media/main.c src/media/convert.c
media_SRC := $(filter-out $(BLOG_IMAGE_SRC),$(wildcard src/media/*.c))
app_SRC := $(filter-out src/app/main.c,$(wildcard src/app/*.c))
migrate_SRC := $(filter-out src/migrate/main.c,$(wildcard src/migrate/*.c))
# Linked in this order: each archive before the layers it uses.
ARCHIVES := $(foreach l,app migrate media view http model lib,$(if $($(l)_SRC),$(BUILD)/lib$(l).a))

obj = $(patsubst %,$(BUILD)/%.o,$(basename $(1)))

BINS := migrate blogctl blog.fcgi blog-image
migrate_MAIN := src/migrate/main.c
blogctl_MAIN := $(wildcard src/blogctl/*.c)
blogctl_LDLIBS := $(PKG_LIBS) $(YAML_LIBS)
blog.fcgi_MAIN := src/app/main.c
# blog-image: the child blog.fcgi execs to decode an upload (src/media).
# Its libraries as needed, so it loads libvips but not the database's.
blog-image_MAIN := $(BLOG_IMAGE_SRC)
blog-image_LDLIBS := -Wl,--push-state,--as-needed $(PKG_LIBS) $(VIPS_LIBS) \
    -Wl,--pop-state

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

# Test objects are made by a chain of pattern rules: keep them (and nothing
# else special: a global .SECONDARY would let make skip a missing object).
.PRECIOUS: $(BUILD)/tests/unit/%.o
.PHONY: all deps run test unit integration e2e bench fuzz valgrind clean db-start db-stop db-shell schema cluster cluster-down cluster-test

all: $(BINS)

deps:
	@scripts/deps.sh

define layer_rule
$(BUILD)/lib$(1).a: $(call obj,$($(1)_SRC))
	@rm -f $$@
	$(AR) rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rule,$(l))))

# The binaries at the root remember which build made them (build or
# build-san), so that switching SAN relinks them even when their objects
# are older: the file changes only when the build does.
FLAVOR := .build-flavor
$(FLAVOR): FORCE
	@[ "$$(cat $@ 2>/dev/null)" = "$(BUILD)" ] || echo "$(BUILD)" > $@
.PHONY: FORCE

define bin_rule
$(1): $(call obj,$($(1)_MAIN)) $(ARCHIVES) $(FLAVOR)
	$(CXX) $(LDFLAGS) -o $$@ $(call obj,$($(1)_MAIN)) $(ARCHIVES) \
	    $(or $($(1)_LDLIBS),$(LDLIBS))
endef
$(foreach b,$(BINS),$(eval $(call bin_rule,$(b))))

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(ARCHIVES)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $< $(ARCHIVES) $(LDLIBS)

# libvips' headers and libraries: for convert.c, and for the test that
# makes its inputs with libvips. That test runs ./blog-image, so it is
# built first (the one at the root, of this build: FLAVOR relinks it).
$(BUILD)/src/media/convert.o: ALL_CFLAGS += $(VIPS_CFLAGS)
$(BUILD)/tests/unit/test_image.o: ALL_CFLAGS += $(VIPS_CFLAGS)
$(BUILD)/tests/test_image: LDLIBS += $(VIPS_LIBS)
$(BUILD)/tests/test_image: blog-image
$(BUILD)/tests/test_frontmatter: LDLIBS += $(YAML_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -MMD -MP -c -o $@ $<

# make run: the whole blog on http://127.0.0.1:$BLOG_PORT/blog/, in the foreground.
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@BUILD=$(BUILD) scripts/test.sh

unit: $(UNIT_BINS)
	@BUILD=$(BUILD) scripts/test.sh unit

integration: all
	@BUILD=$(BUILD) scripts/test.sh integration

e2e: all
	@BUILD=$(BUILD) scripts/test.sh e2e

# make cluster: the blog on several hosts, on this machine (network
# namespaces, as root): a balancer, two app hosts, a MariaDB primary and its
# replica, in var/cluster (tests/cluster/lib.sh); make cluster-down stops it.
cluster: deps
	@$(MAKE) --no-print-directory all
	@tests/cluster/cluster.sh up

cluster-down:
	@tests/cluster/cluster.sh down

# make cluster-test: what each failure of the cluster costs, and its
# throughput beside one host's (make test runs a shorter pass, no wrk).
cluster-test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) scripts/test.sh cluster-long

# make bench: pages against a static file under the same Apache (N=10000 posts).
bench: deps
	@$(MAKE) --no-print-directory all
	@tests/bench/run.sh

# make valgrind: memcheck on every unit test (gcc builds: valgrind 3.19
# cannot read clang 14's DWARF 5).
valgrind: $(UNIT_BINS)
	@BUILD=$(BUILD) tests/fuzz/valgrind.sh

# make fuzz: every libFuzzer target for FUZZ_SECONDS each (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
fuzz: deps
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

db-start: deps
	@scripts/db.sh start

db-stop:
	@scripts/db.sh stop

# make db-shell: a SQL shell on the private database, as its admin.
db-shell:
	@scripts/db.sh shell

# sql/schema.sql: what the migrations make, as mariadb-dump prints it.
schema: deps all
	@scripts/schema.sh > sql/schema.sql.tmp && mv sql/schema.sql.tmp sql/schema.sql
	@echo "wrote sql/schema.sql"

clean:
	rm -rf build build-san build-fuzz $(BINS) $(FLAVOR)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
