//! The contract between the runtime and the Python it runs: the script that reads a module's
//! ctypes `Structure`/`Union` mirrors, and the records it prints, which the runtime parses.
//!
//! The script classifies each field with the same kind codes C's support macros report
//! ([`crate::kind`]), substituted into its text here, so the three languages cannot disagree
//! about a number.

use crate::kind;

/// Record tag: one mirrored type, `type\tclass\tkind\tsize\talign`.
pub const TYPE_RECORD: &str = "type";
/// Record tag: one field, `field\tname\toffset\tsize\tkind\telement kind\telement size`
/// (offsets from the start of the mirrored type, through anonymous members).
pub const FIELD_RECORD: &str = "field";
/// Record tag: one bit-field, `bitfield\tname\tbytes`: the type's bytes in hex after all ones
/// were stored in the bit-field of a zeroed instance (as C's and Rust's bit-field facts are
/// found).
pub const BITFIELD_RECORD: &str = "bitfield";
/// Record tag: the class cannot be checked, `error\tclass\tmessage`.
pub const ERROR_RECORD: &str = "error";

/// The classifier both ctypes readers use: `kind(t)`, a ctypes type's kind code (needs
/// `import ctypes`). The mirrors' script embeds it; the prototype check of `ffi_test`'s
/// `assert_prototypes` runs it on argtypes and restype.
pub fn ctypes_kind_source() -> String {
    format!(
        r#"import ctypes

SIGNED, UNSIGNED, FLOATS, CHARS, POINTERS = "bhilq", "BHILQ", "fdg", "cu", "zZP"

def kind(t):
    if issubclass(t, ctypes.Array): return {ARRAY}
    if issubclass(t, ctypes.Structure): return {RECORD}
    if issubclass(t, ctypes.Union): return {UNION}
    if issubclass(t, ctypes._Pointer): return {POINTER}
    if issubclass(t, ctypes._CFuncPtr): return {FN_POINTER}
    code = getattr(t, "_type_", None)
    if not isinstance(code, str): return {OTHER}
    if code in SIGNED: return {SIGNED_INT}
    if code in UNSIGNED: return {UNSIGNED_INT}
    if code in FLOATS: return {FLOAT}
    if code in CHARS: return {CHAR}
    if code == "?": return {BOOL}
    if code in POINTERS: return {POINTER}
    return {OTHER}
"#,
        ARRAY = kind::ARRAY,
        RECORD = kind::RECORD,
        UNION = kind::UNION,
        POINTER = kind::POINTER,
        FN_POINTER = kind::FN_POINTER,
        OTHER = kind::OTHER,
        SIGNED_INT = kind::SIGNED_INT,
        UNSIGNED_INT = kind::UNSIGNED_INT,
        FLOAT = kind::FLOAT,
        CHAR = kind::CHAR,
        BOOL = kind::BOOL,
    )
}

/// The script: `python3 -c SCRIPT MODULE ROOT CLASS...` imports MODULE (a `.py` path relative
/// to ROOT, or a dotted module name found with ROOT first on `sys.path`) and prints the records
/// of each CLASS, tab-separated, one per line. An import that fails exits non-zero with its
/// traceback on stderr.
pub fn ctypes_script() -> String {
    format!(
        r#"import ctypes, importlib, importlib.util, os, sys, traceback

{KINDS}
def member_kind(t):
    # A union of data pointers of its own size (ctypesgen's String for char *) is stored and
    # passed as that pointer.
    if issubclass(t, ctypes.Union):
        members = [f for _, f, _, _ in entries(t)]
        if members and all(kind(f) == {POINTER} and ctypes.sizeof(f) == ctypes.sizeof(t) for f in members):
            return {POINTER_UNION}
    return kind(t)

def entries(cls):
    # A subclass of a Structure extends its base's fields.
    for k in reversed(cls.__mro__):
        anonymous = set(k.__dict__.get("_anonymous_", ()))
        for entry in k.__dict__.get("_fields_", ()):
            yield entry[0], entry[1], (entry[2] if len(entry) > 2 else None), entry[0] in anonymous

def fields(cls, base, path, out):
    for name, t, bits, anonymous in entries(cls):
        at = base + getattr(cls, name).offset
        if anonymous:
            fields(t, at, path + [name], out)
        elif bits is not None:
            out.append(("bit", name, path, t, bits))
        else:
            element = (kind(t._type_), ctypes.sizeof(t._type_)) if issubclass(t, ctypes.Array) else (0, 0)
            out.append(("field", name, at, ctypes.sizeof(t), member_kind(t)) + element)

def bit_bytes(cls, name, path, t, bits):
    value = cls()
    holder = value
    for member in path:
        holder = getattr(holder, member)
    if getattr(t, "_type_", "") == "?":
        ones = True
    elif getattr(t, "_type_", "") in SIGNED:
        ones = -1
    else:
        ones = (1 << bits) - 1
    setattr(holder, name, ones)
    return ctypes.string_at(ctypes.addressof(value), ctypes.sizeof(cls)).hex()

def load(target, root):
    if target.endswith(".py"):
        path = os.path.join(root, target)
        stem = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[stem] = module
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(target)

def main():
    target, root, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    sys.path.insert(0, root)
    try:
        module = load(target, root)
    except BaseException as e:
        # The traceback from the module's own frames: this script's and importlib's say nothing.
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename.startswith("<"):
            tb = tb.tb_next
        traceback.print_exception(type(e), e, tb)
        sys.exit(1)
    for name in names:
        cls = getattr(module, name, None)
        if cls is None:
            print("{ERROR}", name, "the module defines no `%s`" % name, sep="\t")
            continue
        if not (isinstance(cls, type) and issubclass(cls, (ctypes.Structure, ctypes.Union))):
            print("{ERROR}", name, "`%s` is not a ctypes Structure or Union class" % name, sep="\t")
            continue
        try:
            out = []
            fields(cls, 0, [], out)
        except Exception as e:
            print("{ERROR}", name, "its fields cannot be read: %r" % (e,), sep="\t")
            continue
        print("{TYPE}", name, kind(cls), ctypes.sizeof(cls), ctypes.alignment(cls), sep="\t")
        for f in out:
            if f[0] == "bit":
                print("{BITFIELD}", f[1], bit_bytes(cls, *f[1:]), sep="\t")
            else:
                print("{FIELD}", *f[1:], sep="\t")

main()
"#,
        POINTER = kind::POINTER,
        POINTER_UNION = kind::POINTER_UNION,
        ERROR = ERROR_RECORD,
        TYPE = TYPE_RECORD,
        BITFIELD = BITFIELD_RECORD,
        FIELD = FIELD_RECORD,
        KINDS = ctypes_kind_source(),
    )
}
