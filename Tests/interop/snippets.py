"""The Python snippets of a Markdown document, and running one on a real dataset folder.

Every snippet reads the folder named by a string literal "data/<dataset>" (the folder `physgen generate` writes by
default); `run` puts the folder of the test's own dataset in its place and executes it in a fresh namespace.
"""
import re
import sys

FOLDER = re.compile(r'"data/([A-Za-z0-9_-]+)"')


def python_blocks_of_text(text):
    """The ```python blocks of Markdown text, in order, as (first line number, code)."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(text.split("\n"), 1):
        if current is None and line.strip() == "```python":
            current, start = [], number + 1
        elif current is not None and line.strip() == "```":
            blocks.append((start, "\n".join(current) + "\n"))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def python_blocks(path):
    """The ```python blocks of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        return python_blocks_of_text(f.read())


def dataset_of(code):
    """The dataset name a snippet reads ("pendulum" for "data/pendulum"); None when it names none."""
    names = set(FOLDER.findall(code))
    if len(names) != 1:
        return None
    return names.pop()


def needs_torch(code):
    # An import of torch, or a Hugging Face format that returns torch tensors (`with_format("torch")`).
    return re.search(r"^\s*import .*\btorch\b|[\"']torch[\"']", code, re.M) is not None


def torch_available():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


def run(code, folder, source):
    """Executes a snippet with its "data/<name>" literal replaced by `folder`; returns its namespace."""
    namespace = {"__name__": "__snippet__"}
    code = FOLDER.sub(repr(folder).replace("\\", "\\\\"), code)
    exec(compile(code, source, "exec"), namespace)
    return namespace


def fail(prefix, message):
    print(f"{prefix}: FAIL: {message}", file=sys.stderr)
    sys.exit(1)
