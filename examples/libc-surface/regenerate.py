#!/usr/bin/env python3
"""Regenerates src/surface.rs: the libc crate's items for this target (from rustdoc's JSON of the
libc version in Cargo.lock, which needs a nightly toolchain) that csrc/libc_headers.h declares
(read from GCC's own output), written as Rust declarations for check_surface! to read. Items
with private fields keep their public ones and a `__ffi_test_private` marker.

    python3 examples/libc-surface/regenerate.py
    python3 examples/libc-surface/regenerate.py --windows

With --windows, the same for x86_64-pc-windows-gnu: the libc crate's Windows items that
csrc/libc_windows_headers.h declares to mingw-w64's gcc, into src/windows_surface.rs
(`rustup +nightly target add x86_64-pc-windows-gnu`; gcc-mingw-w64-x86-64).
"""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WINDOWS = "--windows" in sys.argv[1:]
TARGET = "x86_64-pc-windows-gnu" if WINDOWS else None
GCC = "x86_64-w64-mingw32-gcc" if WINDOWS else "gcc"
HEADER = os.path.join(HERE, "csrc", "libc_windows_headers.h" if WINDOWS else "libc_headers.h")
OUTPUT = os.path.join(HERE, "src", "windows_surface.rs" if WINDOWS else "surface.rs")


def libc_version():
    lock = open(os.path.join(ROOT, "Cargo.lock")).read()
    return re.search(r'name = "libc"\nversion = "([^"]+)"', lock).group(1)


def rustdoc_json(version):
    work = tempfile.mkdtemp(prefix="libc-surface-")
    os.makedirs(os.path.join(work, "src"))
    open(os.path.join(work, "Cargo.toml"), "w").write(
        f'[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nlibc = "={version}"\n')
    open(os.path.join(work, "src", "lib.rs"), "w").write("")
    target = ["--target", TARGET] if TARGET else []
    subprocess.run(["cargo", "+nightly", "rustdoc", "-q", "-p", "libc", *target, "--",
                    "-Zunstable-options", "--output-format", "json"], cwd=work, check=True)
    doc = os.path.join(work, "target", *([TARGET] if TARGET else []), "doc", "libc.json")
    return json.load(open(doc)), version


def census():
    """Names the header's own includes declare: functions (-aux-info), macros, tags, typedefs,
    enumerators and extern variables (the preprocessed text)."""
    with tempfile.TemporaryDirectory() as tmp:
        aux = os.path.join(tmp, "aux.txt")
        subprocess.run([GCC, "-fsyntax-only", "-std=gnu11", "-aux-info", aux, HEADER], check=True)
        functions = set()
        for line in open(aux):
            decl = line.split("*/", 1)[-1].split(";")[0]
            m = re.search(r"(\w+)\s*\(", decl)
            if m:
                functions.add(m.group(1))
        text = subprocess.run([GCC, "-E", "-dD", "-std=gnu11", HEADER], check=True,
                              capture_output=True, text=True).stdout
    macros, code = set(), []
    for line in text.splitlines():
        m = re.match(r"#define (\w+)(\(?)(.*)", line)
        if m:
            if not m.group(2) and m.group(3).strip():
                macros.add(m.group(1))
        elif not line.startswith("#"):
            code.append(line)
    code = "\n".join(code)
    tags = set(re.findall(r"\b(?:struct|union|enum)\s+(\w+)\s*\{", code))
    typedefs = set(re.findall(r"\btypedef\b[^;{]*?(\w+)\s*(?:\[[^;]*\])?\s*;", code))
    typedefs |= set(re.findall(r"\btypedef\b[^;]*?\(\s*\*\s*(\w+)\s*\)", code))
    typedefs |= set(re.findall(r"\}\s*(\w+)\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?;", code))
    enumerators = set()
    for body in re.findall(r"\benum\b[^{;]*\{([^}]*)\}", code):
        enumerators |= set(re.findall(r"(?:^|,)\s*(\w+)", body))
    variables = set(re.findall(r"\bextern\b[^;(]*?\b(\w+)\s*(?:\[[^;]*\])?\s*;", code))
    return {"functions": functions, "macros": macros | enumerators, "types": tags | typedefs,
            "variables": variables}


def ty(t):
    if "primitive" in t:
        return "!" if t["primitive"] == "never" else t["primitive"]
    if "resolved_path" in t:
        p = t["resolved_path"]
        name = p["path"].split("::")[-1]
        args = p.get("args") or {}
        if "angle_bracketed" in args:
            inner = [ty(a["type"]) for a in args["angle_bracketed"]["args"] if "type" in a]
            return f"{name}<{', '.join(inner)}>"
        return name
    if "raw_pointer" in t:
        p = t["raw_pointer"]
        return ("*mut " if p["is_mutable"] else "*const ") + ty(p["type"])
    if "array" in t:
        return f"[{ty(t['array']['type'])}; {t['array']['len']}]"
    if "function_pointer" in t:
        f = t["function_pointer"]
        return "unsafe extern \"C\" fn" + signature(f["sig"])
    if "tuple" in t and not t["tuple"]:
        return "()"
    raise ValueError(f"unsupported type {t}")


def signature(sig):
    params = [f"{name}: {ty(t)}" for name, t in sig["inputs"]]
    if sig.get("is_c_variadic"):
        params.append("...")
    out = f"({', '.join(params)})"
    if sig.get("output") is not None:
        out += f" -> {ty(sig['output'])}"
    return out


def link_name(item):
    for a in item["attrs"]:
        text = a.get("other", "") if isinstance(a, dict) else str(a)
        m = re.search(r'LinkName \{name: "([^"]+)"|link_name = "([^"]+)"', text)
        if m:
            return m.group(1) or m.group(2)
    return None


def repr_of(item):
    for a in item["attrs"]:
        if isinstance(a, dict) and "repr" in a:
            r = a["repr"]
            parts = ["C"] if r.get("kind") == "c" else []
            if r.get("packed"):
                parts.append(f"packed({r['packed']})" if r["packed"] != "1" else "packed")
            if r.get("align"):
                parts.append(f"align({r['align']})")
            return f"#[repr({', '.join(parts)})]" if parts else None
    return None


def main():
    doc, version = rustdoc_json(libc_version())
    idx = doc["index"]
    declared = census()
    items = {}
    for item in idx.values():
        if item.get("crate_id") != 0 or item.get("visibility") != "public" or not item.get("name"):
            continue
        kind = next(iter(item["inner"]))
        items.setdefault((kind, item["name"]), item)
    out = [f"// Generated by regenerate.py{' --windows' if WINDOWS else ''} from the libc crate {version} (rustdoc JSON"
           f"{', ' + TARGET if TARGET else ''}) and the names",
           f"// csrc/{os.path.basename(HEADER)} declares: do not edit.", ""]
    counts = {}
    def emit(kind, text):
        counts[kind] = counts.get(kind, 0) + 1
        out.append(text)
    for (kind, name), item in sorted(items.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        inner = item["inner"][kind]
        try:
            if kind == "struct" and name in declared["types"] and \
                    "This is an extern type" in (item.get("docs") or ""):
                # libc's extern types: opaque in Rust, used only behind pointers.
                emit(kind, f"#[repr(C)]\npub struct {name} {{\n    _unused: [u8; 0],\n}}")
            elif kind in ("struct", "union") and name in declared["types"]:
                plain = inner["kind"].get("plain") if kind == "struct" else inner
                if plain is None or inner["generics"]["params"]:
                    continue
                rep = repr_of(item)
                if not rep:
                    continue
                fields = [idx[str(f)] for f in plain["fields"]]
                body = [f"    pub {f['name']}: {ty(f['inner']['struct_field'])}," for f in fields]
                if plain.get("has_stripped_fields"):
                    body.append("    pub __ffi_test_private: (),")
                emit(kind, f"{rep}\npub {kind} {name} {{\n" + "\n".join(body) + "\n}")
            elif kind == "type_alias" and name in declared["types"] and not inner["generics"]["params"]:
                emit(kind, f"pub type {name} = {ty(inner['type'])};")
            elif kind == "function" and name in declared["functions"] and "C" in str(inner["header"]["abi"]) \
                    and not inner["has_body"]:
                link = link_name(item)
                attr = f"    #[link_name = \"{link}\"]\n" if link else ""
                emit(kind, f"extern \"C\" {{\n{attr}    pub fn {name}{signature(inner['sig'])};\n}}")
            elif kind == "constant" and name in declared["macros"]:
                emit(kind, f"pub const {name}: {ty(inner['type'])} = {inner['const']['expr']};")
            elif kind == "static" and name in declared["variables"]:
                emit(kind, f"extern \"C\" {{\n    pub static mut {name}: {ty(inner['type'])};\n}}")
        except ValueError as e:
            print(f"skipped {kind} {name}: {e}", file=sys.stderr)
    open(OUTPUT, "w").write("\n".join(out) + "\n")
    print(counts)


main()
