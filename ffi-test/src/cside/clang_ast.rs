//! clang's twin of GCC's `-aux-info`: clang has no option that prints every prototype, but its
//! AST dump (`-Xclang -ast-dump`) names each function declaration with its type as C spells it
//! (`registry_register 'int (reg_t *, uint32_t)'`). This module reads that dump and writes the
//! same lines `-aux-info` would (`/* file:line:col */ extern int f (int, char *);`, a definition
//! followed by a comment), so signature checks and the census read one format whatever the
//! compiler.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// The first line of the lines made from clang's dump.
pub const CLANG_MARK: &str = "/* from clang's AST dump */";

/// The line naming a transparent union (`/* transparent_union __SOCKADDR_ARG */`), which
/// -aux-info has no need of: GCC answers `__builtin_has_attribute` itself.
pub const TRANSPARENT_MARK: &str = "/* transparent_union ";

/// The `-aux-info` lines of `source`, from clang's AST dump.
pub fn aux_info(cmd: Command, source: &Path) -> Result<String, String> {
    read_ast(cmd, source, "-ast-dump", "C prototypes", |stdout| {
        let mut reader = Reader::default();
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("cannot read clang's AST dump: {e}"))?;
            reader.line(&line);
        }
        Ok(reader.finish())
    })
}

/// Runs `cmd` (clang with a unit's flags) dumping the AST of `source` (`dump`: `-ast-dump`,
/// `-ast-dump=json`) and reads its output with `read`; `what` names what it is read for.
pub(super) fn read_ast<T>(
    mut cmd: Command,
    source: &Path,
    dump: &str,
    what: &str,
    read: impl FnOnce(std::process::ChildStdout) -> Result<T, String>,
) -> Result<T, String> {
    cmd.args(["-Xclang", dump])
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = crate::os::reaper::spawn(&mut cmd)
        .map_err(|e| format!("cannot run clang for {what}: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    // stderr is read on its own thread: a full pipe would stall clang, and with it this read.
    let mut stderr = child.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let read = read(stdout);
    let status = child.wait();
    crate::os::reaper::reaped(child.id());
    let status = status.map_err(|e| format!("cannot wait for clang: {e}"))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(format!(
            "could not read {what}: clang's AST dump failed:\n{}",
            errors.trim_end()
        ));
    }
    read
}

/// The dump read line by line: the file locations refer to (clang prints a file only when it
/// changes from the last location printed), and the top-level function being read.
#[derive(Default)]
struct Reader {
    file: String,
    line: String,
    function: Option<Function>,
    out: String,
    /// The top-level record or typedef being read: its address (records) and name.
    record: Option<(String, String)>,
    typedef: Option<String>,
    /// Transparent unions: the records' addresses, and the names C spells them by.
    transparent_records: Vec<String>,
    transparent_names: Vec<String>,
}

struct Function {
    place: String,
    text: String,
    defined: bool,
}

impl Reader {
    fn line(&mut self, line: &str) {
        let top_level = line.starts_with("|-") || line.starts_with("`-");
        if top_level {
            self.flush();
            self.record = None;
            self.typedef = None;
        }
        self.transparency(line, top_level);
        let locations = locations(line);
        for token in &locations.tokens {
            self.follow(token);
        }
        if top_level && line[2..].starts_with("FunctionDecl ") {
            self.function = function(&line[locations.end..]).map(|text| Function {
                place: format!("{}:{}", self.file, self.line),
                text,
                defined: false,
            });
        } else if let Some(f) = &mut self.function {
            // A definition's body is a child of its declaration.
            let child = line.get(2..).unwrap_or_default();
            if (child.starts_with("|-") || child.starts_with("`-"))
                && child[2..].starts_with("CompoundStmt ")
            {
                f.defined = true;
            }
        }
    }

    /// Transparent unions (GCC's `__builtin_has_attribute(T, transparent_union)` has no clang
    /// twin): a union whose record has a `TransparentUnionAttr`, and a typedef naming it.
    fn transparency(&mut self, line: &str, top_level: bool) {
        let node = line.trim_start_matches(['|', ' ', '`', '-']);
        if top_level {
            let mut words = node.split_whitespace();
            match (words.next(), words.next()) {
                (Some("RecordDecl"), Some(address)) => {
                    let name = node
                        .split_once(" union ")
                        .and_then(|(_, rest)| rest.split_whitespace().next())
                        .filter(|n| *n != "definition")
                        .map_or(String::new(), |n| format!("union {n}"));
                    self.record = Some((address.to_string(), name));
                }
                (Some("TypedefDecl"), Some(_)) => {
                    let quote = node.find('\'').unwrap_or(node.len());
                    self.typedef = node[..quote].split_whitespace().last().map(str::to_string);
                }
                _ => {}
            }
            return;
        }
        if node.starts_with("TransparentUnionAttr") {
            if let Some((address, name)) = &self.record {
                self.transparent_records.push(address.clone());
                if !name.is_empty() {
                    self.transparent_names.push(name.clone());
                }
            }
        } else if let (Some(name), Some(address)) = (&self.typedef, node.strip_prefix("Record ")) {
            let address = address.split_whitespace().next().unwrap_or_default();
            if self.transparent_records.iter().any(|a| a == address) {
                self.transparent_names.push(name.clone());
            }
        }
    }

    /// One printed location: `col:5`, `line:4:5`, `/usr/include/stdio.h:152:12`.
    fn follow(&mut self, token: &str) {
        if token.starts_with("col:") {
            return;
        }
        if let Some(rest) = token.strip_prefix("line:") {
            self.line = rest.split(':').next().unwrap_or_default().to_string();
            return;
        }
        let mut parts = token.rsplitn(3, ':');
        let (_col, line, file) = (parts.next(), parts.next(), parts.next());
        if let (Some(line), Some(file)) = (line, file) {
            self.file = file.to_string();
            self.line = line.to_string();
        }
    }

    fn flush(&mut self) {
        if let Some(f) = self.function.take() {
            // A definition is marked as -aux-info marks one: a comment after the `;`.
            let trailer = if f.defined { " /* () */" } else { "" };
            self.out
                .push_str(&format!("/* {}:NC */ {};{trailer}\n", f.place, f.text));
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out.insert_str(0, &format!("{CLANG_MARK}\n"));
        for name in &self.transparent_names {
            self.out.push_str(&format!("{TRANSPARENT_MARK}{name} */\n"));
        }
        self.out
    }
}

/// The locations a line prints, in order (its source range, then its own location), and where
/// they end.
struct Locations {
    tokens: Vec<String>,
    end: usize,
}

fn locations(line: &str) -> Locations {
    let mut out = Locations {
        tokens: Vec::new(),
        end: 0,
    };
    // The range follows the node's address: `FunctionDecl 0x2f31260 <...>`.
    let Some(start) = line.find(" <").map(|i| i + 1) else {
        return out;
    };
    let mut depth = 0;
    let mut close = None;
    for (i, c) in line[start..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(start + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return out;
    };
    for part in line[start + 1..close].split(", ") {
        let token = part.split(" <").next().unwrap_or(part).trim();
        if !token.is_empty() && !token.starts_with("<invalid") {
            out.tokens.push(token.to_string());
        }
    }
    out.end = close + 1;
    // The node's own location, when it has one.
    if let Some(word) = line[out.end..].split_whitespace().next() {
        if word.starts_with("col:") || word.starts_with("line:") || looks_like_place(word) {
            out.tokens.push(word.to_string());
            out.end += line[out.end..].find(word).unwrap_or(0) + word.len();
        }
    }
    out
}

/// `path:12:5`.
fn looks_like_place(word: &str) -> bool {
    let mut parts = word.rsplitn(3, ':');
    let (col, line, file) = (parts.next(), parts.next(), parts.next());
    matches!((col, line, file), (Some(c), Some(l), Some(_)) if c.parse::<u32>().is_ok() && l.parse::<u32>().is_ok())
}

/// The declaration `-aux-info` prints for a FunctionDecl line's rest: ` used f 'int (int)'
/// extern` gives `extern int f (int)`; implicit (builtin) declarations none.
fn function(rest: &str) -> Option<String> {
    let quote = rest.find('\'')?;
    let words: Vec<&str> = rest[..quote].split_whitespace().collect();
    if words.contains(&"implicit") {
        return None;
    }
    let name = *words.last()?;
    let mut ty_end = quote + 1 + rest[quote + 1..].find('\'')?;
    let mut ty = &rest[quote + 1..ty_end];
    // A function declared through `__typeof__` (a function-type probe, see `function_types`)
    // is spelled `'typeof (..)':'int (int)'`: its desugared form is the prototype.
    if ty.starts_with("typeof") || ty.starts_with("__typeof__") {
        let desugared = rest[ty_end + 1..].strip_prefix(":'")?;
        let end = desugared.find('\'')?;
        ty = &desugared[..end];
        ty_end += 2 + end + 1;
    }
    let flags = &rest[ty_end + 1..];
    let storage = ["static", "extern"]
        .into_iter()
        .find(|s| flags.split_whitespace().any(|w| w == *s))
        .map_or(String::new(), |s| format!("{s} "));
    // `int (int, char *)`: the return type, then the parameters in parentheses. A function
    // returning a function pointer (`void (*(int))(int)`) is spelled with the name inside, as
    // -aux-info prints it (and reports it as not supported).
    let open = ty.find('(')?;
    let ret = ty[..open].trim();
    if ty[open + 1..].starts_with('*') {
        return Some(format!("{storage}{ret} (*{name}{}", &ty[open + 2..]));
    }
    let params = &ty[open..];
    let close = matching_close(params)?;
    Some(format!("{storage}{ret} {name} {}", &params[..=close]))
}

/// The index of the `)` closing the `(` `text` starts with.
fn matching_close(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dump_reads_as_aux_info_lines() {
        let dump = "TranslationUnitDecl 0x1 <<invalid sloc>> <invalid sloc>\n\
|-TypedefDecl 0x2 <<invalid sloc>> <invalid sloc> implicit __int128_t '__int128'\n\
|-FunctionDecl 0x3 </usr/include/stdio.h:152:1, /usr/include/x86_64-linux-gnu/sys/cdefs.h:79:54> /usr/include/stdio.h:152:12 remove 'int (const char *)' extern\n\
| `-ParmVarDecl 0x4 <col:20, col:32> col:32 __filename 'const char *'\n\
|-FunctionDecl 0x5 </tmp/p.h:4:1, col:44> col:5 registry_register 'int (reg_t *, uint32_t)'\n\
|-FunctionDecl 0x6 <line:5:1, col:52> col:5 used cb_user 'int (int (*)(int, void *), void *, ...)'\n\
|-FunctionDecl 0x7 <line:6:1, col:48> col:19 twice 'int (int)' static inline\n\
| |-ParmVarDecl 0x8 <col:25, col:29> col:29 used x 'int'\n\
| `-CompoundStmt 0x9 <col:32, col:48>\n\
|   `-ReturnStmt 0xa <col:34, col:45>\n\
|-FunctionDecl 0xb <line:7:1, col:49> col:8 signal_like 'void (*(int, void (*)(int)))(int)'\n\
|-FunctionDecl 0xc <line:8:1, col:39> col:6 die 'void (int) __attribute__((noreturn))'\n\
|-FunctionDecl 0x15 <line:9:1, col:22> col:22 probe 'typeof (*__builtin_choose_expr(1, *(rw_ptr *)0, (void (*)(int *))0))':'void (struct png_struct_def *, unsigned char *, unsigned long)' extern\n\
|-RecordDecl 0xe <line:79:9, line:80:8> line:79:9 union definition\n\
| |-TransparentUnionAttr 0xf <line:80:41>\n\
| `-FieldDecl 0x10 <line:78:35, <scratch space>:28:1> col:1 __sockaddr__ 'struct sockaddr *restrict'\n\
|-TypedefDecl 0x11 </usr/include/x86_64-linux-gnu/sys/socket.h:79:1, line:80:10> col:10 referenced __SOCKADDR_ARG 'union __SOCKADDR_ARG':'__SOCKADDR_ARG'\n\
| `-ElaboratedType 0x12 'union __SOCKADDR_ARG' sugar\n\
|   `-RecordType 0x13 '__SOCKADDR_ARG'\n\
|     `-Record 0xe ''\n\
|-TypedefDecl 0x14 <line:81:1, col:20> col:20 plain_t 'union plain':'union plain'\n\
| `-Record 0x99 ''\n\
`-FunctionDecl 0xd <<invalid sloc>> <invalid sloc> implicit used __builtin_va_start 'void (__builtin_va_list &, ...)' extern\n";
        let mut reader = Reader::default();
        for line in dump.lines() {
            reader.line(line);
        }
        let out = reader.finish();
        assert_eq!(
            out,
            "/* from clang's AST dump */\n\
/* /usr/include/stdio.h:152:NC */ extern int remove (const char *);\n\
/* /tmp/p.h:4:NC */ int registry_register (reg_t *, uint32_t);\n\
/* /tmp/p.h:5:NC */ int cb_user (int (*)(int, void *), void *, ...);\n\
/* /tmp/p.h:6:NC */ static int twice (int); /* () */\n\
/* /tmp/p.h:7:NC */ void (*signal_like(int, void (*)(int)))(int);\n\
/* /tmp/p.h:8:NC */ void die (int);\n\
/* /tmp/p.h:9:NC */ extern void probe (struct png_struct_def *, unsigned char *, unsigned long);\n\
/* transparent_union __SOCKADDR_ARG */\n"
        );
    }
}
