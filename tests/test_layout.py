"""The source layout keeps its layers (docs/design.md, "Layers"):

- the engine names no execution model: no SEMEC_MODEL_* constant anywhere,
  and outside the two registries' lookups (src/engine/model.c,
  src/engine/policy.c) no engine, learning, semantic or baseline-policy file
  compares a model's name or names a model's ops table;
- src/engine/ and include/semec/engine/ include only engine headers;
- a paper's folder includes no other paper's headers;
- the folders' include graph has no cycle;
- every header under include/semec/ lives in a layer folder.
Run from anywhere with SEMEC_SOURCE set (ctest does) or from the source tree."""
import os
import re
import sys

top = os.environ.get("SEMEC_SOURCE") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []
PAPER = re.compile(r"p\d{3}$")
INCLUDE = re.compile(r'^\s*#\s*include\s*<semec/([a-z0-9_]+)/([^>]+)>', re.M)


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def files():
    """(layer, path) of every C source and header of the tree."""
    for root, sub in (("src", ""), ("include/semec", "")):
        base = os.path.join(top, root)
        for d, _, names in os.walk(base):
            for n in names:
                if n.endswith((".c", ".h")):
                    rel = os.path.relpath(os.path.join(d, n), base)
                    layer = rel.split(os.sep)[0] if os.sep in rel else None
                    yield root, layer, os.path.join(d, n)


def text_of(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def code_only(text):
    """The text without comments and string literals."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


graph = {}
for root, layer, path in files():
    rel = os.path.relpath(path, top)
    text = text_of(path)
    code = code_only(text)
    if root == "include/semec" and layer is None:
        fail(f"{rel}: a header outside the layer folders of include/semec/")
    for m in re.finditer(r"\bSEMEC_MODEL_[A-Z0-9_]+", code):
        if m.group(0) != "SEMEC_MODEL_H":
            fail(f"{rel}: {m.group(0)}: models are chosen through the registry, not by constant")
    if layer is None:  # src/main.c, src/registry.c: the composition root may include every layer
        continue
    for inc_layer, header in INCLUDE.findall(text):
        if inc_layer != layer:
            graph.setdefault(layer, set()).add(inc_layer)
        if layer == "engine" and inc_layer != "engine":
            fail(f"{rel} includes <semec/{inc_layer}/{header}>: the engine includes only engine headers")
        if PAPER.match(layer) and PAPER.match(inc_layer) and inc_layer != layer:
            fail(f"{rel} includes <semec/{inc_layer}/{header}>: a paper does not use another paper's code")
    lookups = ("src/engine/model.c", "src/engine/policy.c")
    if layer in ("engine", "learn", "semantic", "policies") and rel not in lookups:
        for pat, what in ((r"strcmp\s*\([^;]*\bmodel\b", "compares a model's name"),
                          (r"\bops->name\s*[!=]=|[!=]=\s*\w+->ops->name", "compares a model's name"),
                          (r"\bSemecModel(Tasks|CloudEdgeEnd|[A-Z][A-Za-z0-9]*Ops\b)?\w*\s*(==|!=)", "compares model objects"),
                          (r"&SemecModel[A-Z]\w*", "names a model's ops table")):
            for m in re.finditer(pat, code):
                fail(f"{rel}: {what} ({m.group(0)!r}): call the model through its ops instead")

# no cycle between folders
state = {}


def visit(node, path):
    state[node] = "open"
    for nxt in sorted(graph.get(node, ())):
        if state.get(nxt) == "open":
            fail("include cycle between folders: " + " -> ".join(path + [node, nxt]))
        elif nxt not in state:
            visit(nxt, path + [node])
    state[node] = "done"


for node in sorted(graph):
    if node not in state:
        visit(node, [])

print("folder dependencies:", "; ".join(f"{k} -> {', '.join(sorted(v))}" for k, v in sorted(graph.items())))
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all checks passed")
