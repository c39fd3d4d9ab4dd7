#!/usr/bin/env bash
# Installs the Debian packages the project needs, and only the missing ones.
# The one list of what a fresh Debian 12 machine must have: make run, make test
# and .ci/run call this first. Quick (one dpkg-query) when all is there.
set -euo pipefail

packages=(
	# build; clang's sanitizer and libFuzzer runtimes, llvm-symbolizer, valgrind
	make gcc g++ clang libclang-rt-14-dev llvm valgrind pkgconf
	# libraries, with headers
	libfcgi-dev libmariadb-dev libctemplate-dev libmd4c-dev libmd4c-html0-dev
	libinih-dev libsodium-dev libicu-dev libvips-dev
	# blogctl export and import: front matter through libyaml (and the
	# export test reads it back with python3-yaml, and builds a Hugo site
	# of it)
	libyaml-dev python3-yaml hugo
	# servers and their clients
	mariadb-server mariadb-client apache2 libapache2-mod-fcgid
	# tests and benchmarks; the browser tests need Node.js 20 or later, which
	# this machine's nodejs package (NodeSource's, with npm) is: Debian 12's
	# own nodejs is 18, too old for html-validate and playwright-core
	curl wrk chromium libxml2-utils nodejs python3
	# the image tests and benchmarks make their pictures with libvips' own
	# command (vips) and read stored files' metadata with exiftool
	libvips-tools libimage-exiftool-perl
)

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)

# Debian starts a freshly installed server at once (a system MariaDB, Apache on
# port 80); the project runs its own private ones, so keep the packages' services
# from starting, unless this machine already has a policy of its own.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
	"${sudo[@]}" chmod 755 "$policy"
	own_policy=1
fi
cleanup() { [ "$own_policy" -eq 0 ] || "${sudo[@]}" rm -f "$policy"; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
	"${sudo[@]}" apt-get update -q
	"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
