#!/usr/bin/env bash
# Documentation hygiene, run by `make test` (takes well under a second). Fails, one line per finding, when:
#   - a tracked file points outside the repository (`../shared`, `shared/reference`): cite docs/reference.md;
#   - a tracked file names an absolute path of one machine (/work/, /root/): use a path relative to the repository;
#   - a tracked file refers to an issue tracker ("issue 4", "issues 3 and 6", "Issue #12"): state the fact and the
#     command that measures it instead;
#   - a relative Markdown link in a tracked .md file names a file, or a heading (#anchor, as GitHub derives it), that
#     does not exist.
# Dependency-free: bash, git and python3's standard library. Usage: scripts/check-docs.sh (from anywhere).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "check-docs: not a git work tree; run it inside a clone of the repository" >&2
    exit 2
fi

self=scripts/check-docs.sh
failures=0

# check MESSAGE GIT-GREP-ARGUMENTS...: every tracked text file except this script.
check() {
    local message=$1
    shift
    local hits
    hits=$(git grep -n -I "$@" -- . ":(exclude)$self" || true)
    if [ -n "$hits" ]; then
        while IFS= read -r hit; do
            echo "check-docs: $hit"
        done <<<"$hits"
        echo "check-docs: ^ $message"
        failures=$((failures + 1))
    fi
}

check "a path outside the repository: cite docs/reference.md instead" -F -e '../shared' -e 'shared/reference'
check "an absolute path of one machine: use a path relative to the repository (or a scratch path such as /tmp/...)" \
    -F -e '/work/' -e '/root/'
check "a tracker reference: state the fact (and the command that measures it) instead" \
    -i -E -e '(^|[^[:alnum:]_])issues? #?[0-9]'

# Relative Markdown links in every tracked Markdown file: the file must exist; an anchor must name a heading.
if ! git ls-files -z -- '*.md' | python3 -c '
import os, re, sys, urllib.parse

files = [f for f in sys.stdin.read().split("\0") if f]
fence = re.compile(r"^\s*(```|~~~)")
code_span = re.compile(r"`+[^`]*`+")
inline_link = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\s*\)")
definition = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)")
heading = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
html_anchor = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"", re.I)
scheme = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
anchor_cache = {}

def slug(text):
    """The anchor GitHub gives a heading: the rendered text, lower case, punctuation removed, spaces as hyphens."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")

def anchors(path):
    if path not in anchor_cache:
        found, counts, in_fence = set(), {}, False
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if fence.match(line):
                    in_fence = not in_fence
                    continue
                if in_fence:
                    continue
                found.update(html_anchor.findall(line))
                match = heading.match(line)
                if match:
                    base = slug(match.group(2))
                    n = counts.get(base, 0)
                    counts[base] = n + 1
                    found.add(base if n == 0 else f"{base}-{n}")
        anchor_cache[path] = found
    return anchor_cache[path]

problems = links = 0
for path in files:
    if not os.path.isfile(path):
        continue
    in_fence = False
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    for number, line in enumerate(lines, 1):
        if fence.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        text = code_span.sub("", line)
        targets = [m.group(1) for m in inline_link.finditer(text)]
        match = definition.match(text)
        if match:
            targets.append(match.group(1))
        for target in targets:
            target = target.strip("<>")
            if not target or scheme.match(target) or target.startswith("//"):
                continue
            links += 1
            location, _, fragment = target.partition("#")
            location = urllib.parse.unquote(location)
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), location)) if location else path
            if not os.path.exists(resolved):
                print(f"check-docs: {path}:{number}: link to a missing file: {target}")
                problems += 1
                continue
            if fragment and os.path.isfile(resolved) and resolved.endswith(".md"):
                if urllib.parse.unquote(fragment).lower() not in anchors(resolved):
                    print(f"check-docs: {path}:{number}: link to a missing heading: {target}")
                    problems += 1
if problems:
    print(f"check-docs: ^ {problems} broken relative link(s): fix the path, or the anchor (GitHub derives it from "
          "the heading: lower case, punctuation removed, spaces as hyphens)")
    sys.exit(1)
print(f"check-docs: {links} relative links in {len(files)} Markdown files resolve")
'; then
    failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
    echo "check-docs: $failures check(s) failed" >&2
    exit 1
fi
echo "check-docs: ok (no path outside the repository, no machine path, no tracker reference, no broken link)"
