#!/usr/bin/env bash
# Install the Debian packages briefing needs, only those that are missing.
# Each argument is a package, or alternatives "a|b" where Debian releases
# name it differently (Debian 13 renamed some libraries with a t64 suffix).
set -euo pipefail

installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed'; }
known() { apt-cache show "$1" >/dev/null 2>&1; }

# first TEST SPEC: the first alternative of SPEC for which TEST succeeds.
first() {
    local test=$1 name
    IFS='|' read -r -a names <<<"$2"
    for name in "${names[@]}"; do
        if "$test" "$name"; then echo "$name"; return 0; fi
    done
    return 1
}

missing=()
for spec in "$@"; do
    first installed "$spec" >/dev/null || missing+=("$spec")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
to_install=()
for spec in "${missing[@]}"; do
    if ! chosen=$(first known "$spec"); then
        echo "No package named ${spec//|/ or } in this Debian release" >&2
        exit 1
    fi
    to_install+=("$chosen")
done
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${to_install[@]}"
