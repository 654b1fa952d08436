#!/usr/bin/env python3
"""Checks that Package.swift declares exactly the dependencies the code imports.

For every target: each `import M` (or `@testable import M`) of a package target or product must be among the
target's declared dependencies, and each declared dependency must be imported by at least one of its files.
Prints one line per mismatch and exits 1 if there is any; run by `make test`.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Modules a product provides (product name -> importable modules).
PRODUCT_MODULES = {
    "ArgumentParser": {"ArgumentParser"},
    "Numerics": {"Numerics", "RealModule", "ComplexModule"},
    "Crypto": {"Crypto"},
    "Yams": {"Yams"},
}
SYSTEM_MODULES = {"Foundation", "Testing", "XCTest", "Glibc", "Darwin", "Dispatch", "Synchronization", "PackageDescription"}


def parse_package(text):
    """Yields (kind, name, path, dependencies) for every target declaration."""
    for match in re.finditer(r"\.(target|executableTarget|testTarget|systemLibrary)\(", text):
        start = match.end()
        depth, i = 1, start
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        body = text[start:i - 1]
        name = re.search(r'name:\s*"([^"]+)"', body).group(1)
        path = re.search(r'path:\s*"([^"]+)"', body)
        deps = set()
        dep_match = re.search(r"dependencies:\s*\[(.*?)\]\s*(?:,\s*\w+:|$)", body, re.S)
        if dep_match:
            block = dep_match.group(1)
            deps |= {p for p in re.findall(r'\.product\(name:\s*"([^"]+)"', block)}
            block = re.sub(r"\.product\([^)]*\)", "", block)
            deps |= set(re.findall(r'"([^"]+)"', block))
        kind = match.group(1)
        default = ("Tests/" if kind == "testTarget" else "Sources/") + name
        yield kind, name, path.group(1) if path else default, deps


def imports_of(folder):
    found = set()
    for directory, _, files in os.walk(os.path.join(ROOT, folder)):
        for file in files:
            if file.endswith(".swift"):
                with open(os.path.join(directory, file), encoding="utf-8") as handle:
                    for line in handle:
                        m = re.match(r"\s*(?:@testable\s+|@_exported\s+)?import\s+(?:struct\s+|enum\s+|class\s+|func\s+)?(\w+)", line)
                        if m:
                            found.add(m.group(1))
    return found


def main():
    with open(os.path.join(ROOT, "Package.swift"), encoding="utf-8") as handle:
        targets = list(parse_package(handle.read()))
    names = {name for _, name, _, _ in targets}
    problems = []
    for kind, name, path, deps in targets:
        if kind == "systemLibrary":
            continue
        imported = imports_of(path)
        provided = set()
        for dep in deps:
            provided |= PRODUCT_MODULES.get(dep, {dep})
        for module in sorted(imported - SYSTEM_MODULES - {name}):
            known = module in names or any(module in mods for mods in PRODUCT_MODULES.values())
            if known and module not in provided:
                problems.append(f"{name}: imports {module} but does not declare it in Package.swift")
        for dep in sorted(deps):
            if not (PRODUCT_MODULES.get(dep, {dep}) & imported):
                problems.append(f"{name}: declares {dep} in Package.swift but none of its files imports it")
    for line in problems:
        print("check-imports: " + line)
    if problems:
        return 1
    print(f"check-imports: {len(targets)} targets declare exactly what they import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
