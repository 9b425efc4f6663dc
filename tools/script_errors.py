"""The C++ tools' error contract for press's Python scripts (report.py, figures.py).

A failure is one line on stderr, '<script>: error: <file>: <what went wrong>', exit code 1, and
no output: the scripts write their output to a temporary and rename it only when it is whole.
Reading and interpreting an input happens inside `reading(path)`, so that any error it raises
(missing file, corrupt CSV, HDF5 or YAML, a missing column or key, a bad number) names the file.
"""
import contextlib
import os
import sys


class InputError(Exception):
    """A bad input, already described in one line that names its file."""


def one_line(text, limit=600):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def describe(e):
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    if isinstance(e, KeyError):
        return f"no {e}: expected a file written by press"
    if isinstance(e, (StopIteration, IndexError)):
        return "too few rows or values: expected a file written by press"
    return f"{type(e).__name__}: {e}"


@contextlib.contextmanager
def reading(path):
    """Errors raised inside name `path`."""
    try:
        yield
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - every failure of a read becomes one line naming the file
        raise InputError(f"{path}: {one_line(describe(e))}") from None


def require(mapping, keys):
    """Inside reading(path): mapping holds every key of `keys`, each "a" or "a.b" (a KeyError
    names the first missing one), so that later lookups cannot fail outside reading()."""
    for key in keys:
        node = mapping
        for part in key.split("."):
            if not isinstance(node, dict):
                raise KeyError(key)
            node = node[part]


def fail(path, what):
    raise InputError(f"{path}: {what}")


def run(name, main):
    """Run main(); any failure becomes one line and exit code 1."""
    try:
        main()
    except InputError as e:
        print(f"{name}: error: {one_line(e)}", file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001
        print(f"{name}: error: internal: {one_line(describe(e))}", file=sys.stderr)
        sys.exit(1)


@contextlib.contextmanager
def output(path):
    """A temporary beside `path` (same extension) to write; renamed into place only if the block
    completes, removed otherwise, and with it the folder this made for it, if it stays empty."""
    root, ext = os.path.splitext(path)
    tmp = f"{path}.tmp.{os.getpid()}{ext}"
    folder = os.path.dirname(path) or "."
    made = []
    while not os.path.exists(folder):
        made.append(folder)
        folder = os.path.dirname(folder) or "."
    done = False
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        yield tmp
        os.replace(tmp, path)
        done = True
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
        for d in made if not done else []:
            try:
                os.rmdir(d)  # only an empty folder goes
            except OSError:
                pass
