//! The C compiler: found the way the `cc` crate finds it for this binary's target (honouring `CC`,
//! `CFLAGS` and their target-specific forms), identified for cache keys, and invoked.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::error::NoCompiler;
use super::Toolchain;
use crate::registry::Language;

/// A detected compiler and the fixed part of every command line.
pub struct Compiler {
    tool: super::detected::Detected,
    /// The language it compiles (a unit is in one).
    language: Language,
    /// `--version` output plus path and arguments: what a cache key must change with.
    pub identity: String,
    /// `-I`, `-D` and the configuration's flags, resolved against the package root.
    config_args: Vec<String>,
    /// `-L`, `-l` and run paths, after the input file.
    link_args: Vec<String>,
}

/// The output of one compile.
pub struct CompileOutput {
    pub success: bool,
    /// The compiler's stderr: diagnostics, already pointing at Rust lines via `#line`.
    pub diagnostics: String,
    /// Why this result must not be cached (the compiler was killed or did not finish): it says
    /// nothing about the C, and the next run must try again.
    pub not_cacheable: Option<String>,
}

/// How long one compile may take: `FFI_TEST_COMPILE_TIMEOUT` (e.g. `10m`), default 10 minutes.
fn compile_timeout() -> std::time::Duration {
    const DEFAULT: std::time::Duration = std::time::Duration::from_secs(600);
    let Ok(value) = std::env::var("FFI_TEST_COMPILE_TIMEOUT") else {
        return DEFAULT;
    };
    ffi_test_protocol::duration::parse(&value).unwrap_or_else(|e| {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            eprintln!("ffi-test: warning: FFI_TEST_COMPILE_TIMEOUT: {e}; using 10 minutes")
        });
        DEFAULT
    })
}

impl Compiler {
    /// The compiler cc detects for `toolchain`'s target (remembered in `cache_dir`), with its
    /// configuration's flags.
    pub fn detect(toolchain: &Toolchain, cache_dir: Option<&Path>) -> Result<Compiler, NoCompiler> {
        Compiler::detect_with(toolchain, cache_dir, None, Language::C)
    }

    /// As [`Compiler::detect`], for `language`, or the compiler `program` names (a compiler
    /// pair's second).
    pub fn detect_with(
        toolchain: &Toolchain,
        cache_dir: Option<&Path>,
        program: Option<&str>,
        language: Language,
    ) -> Result<Compiler, NoCompiler> {
        let (config, target) = (toolchain.config, toolchain.target);
        let tool = match program {
            Some(program) => super::detected::detect_program(target, cache_dir, program)?,
            None => super::detected::detect(target, cache_dir, language)?,
        };
        let identity = tool.identity.clone();
        let root = Path::new(config.manifest_dir);
        let mut config_args = Vec::new();
        for dir in config.include_dirs {
            config_args.push(format!("-I{}", root.join(dir).display()));
        }
        for define in config.defines {
            config_args.push(format!("-D{define}"));
        }
        config_args.extend(config.flags.iter().map(|f| f.to_string()));
        let mut link_args = Vec::new();
        for dir in config.lib_dirs {
            let dir = root.join(dir);
            link_args.push(format!("-L{}", dir.display()));
            link_args.push(format!("-Wl,-rpath,{}", dir.display()));
        }
        // Every configured library is loaded with the object, even when the object refers to
        // it only weakly (signature checks reference functions weakly, so a function the
        // library does not export is reported, not a load failure): `--as-needed`, the default
        // of some linkers, would otherwise drop it.
        if !config.libs.is_empty() {
            link_args.push("-Wl,--no-as-needed".into());
        }
        link_args.extend(config.libs.iter().map(|l| format!("-l{l}")));
        Ok(Compiler {
            tool,
            language,
            identity,
            config_args,
            link_args,
        })
    }

    /// A command that only parses (for `-aux-info`), with the configuration's flags.
    pub fn syntax_only_command(&self) -> Command {
        let mut cmd = self.tool.command();
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.args(["-fsyntax-only", "-std=gnu11"])
            .args(&self.config_args);
        // Every refused line at once (GCC's default): the probes C cannot compile are dropped
        // by the lines the errors name, one round for all (clang stops after 20 by default).
        if self.is_clang() {
            cmd.arg("-ferror-limit=0");
        }
        cmd
    }

    /// The language it compiles.
    pub fn language(&self) -> Language {
        self.language
    }

    /// A command that parses a C++ unit and may dump clang's AST (C++ declarations by symbol,
    /// `cpp_ast`): this compiler if it is clang; for GCC, which prints no C++ prototypes,
    /// `clang++` (or `FFI_TEST_CLANGXX`) told the target GCC compiles for.
    pub fn cpp_ast_command(&self) -> Result<Command, String> {
        let mut cmd = if self.is_clang() {
            self.tool.command()
        } else {
            let clang = std::env::var("FFI_TEST_CLANGXX").unwrap_or_else(|_| "clang++".into());
            let machine = crate::os::reaper::output(self.tool.command().arg("-dumpmachine"))
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .filter(|m| !m.is_empty());
            let mut cmd = Command::new(&clang);
            cmd.args(&self.tool.args);
            cmd.args(machine.map(|m| format!("--target={m}")));
            let found = crate::os::reaper::output(Command::new(&clang).arg("--version"));
            if !found.is_ok_and(|o| o.status.success()) {
                return Err(format!(
                    "C++ signatures and statics are read from clang's AST (JSON), and the C++ \
                     compiler is GCC, which prints no C++ prototypes, and `{clang}` was not \
                     found: install clang (Debian: apt install clang), or set CXX=clang++ or \
                     FFI_TEST_CLANGXX to a clang++"
                ));
            }
            cmd
        };
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.arg("-fsyntax-only")
            .args(&self.config_args)
            .args(self.language.flags());
        Ok(cmd)
    }

    /// A command that only preprocesses (to read which names the headers declare as tags).
    pub fn preprocess_command(&self) -> Command {
        let mut cmd = self.tool.command();
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.args(["-E", "-P", "-std=gnu11"]).args(&self.config_args);
        cmd
    }

    /// A command that only preprocesses, keeping the line markers that name each line's file.
    pub fn preprocess_with_markers_command(&self) -> Command {
        let mut cmd = self.tool.command();
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.args(["-E", "-std=gnu11"]).args(&self.config_args);
        cmd
    }

    /// Whether the compiler is clang (which has no `-aux-info`).
    pub fn is_clang(&self) -> bool {
        super::family_of(&self.identity).0 == "clang"
    }

    /// The compiler's program, for asking it where its runtimes are.
    pub fn program(&self) -> String {
        self.tool.path.display().to_string()
    }

    /// The `-I` directories, resolved, in search order.
    pub fn search_dirs(&self) -> Vec<PathBuf> {
        self.include_dirs().into_iter().map(PathBuf::from).collect()
    }

    /// The `-I` directories, resolved, for messages.
    pub fn include_dirs(&self) -> Vec<&str> {
        self.config_args
            .iter()
            .filter_map(|a| a.strip_prefix("-I"))
            .collect()
    }

    /// Everything about the command line that changes the object, for cache keys.
    pub fn fingerprint(&self, extra_flags: &[String]) -> String {
        format!(
            "{}\n{:?}\n{:?}\n{:?}\n{:?}",
            self.identity,
            self.language.flags(),
            self.config_args,
            self.link_args,
            extra_flags
        )
    }

    /// Compiles `source` into the shared object `output`, writing the headers it read to `deps`.
    pub fn compile_shared(
        &self,
        source: &Path,
        output: &Path,
        deps: &Path,
        extra_flags: &[String],
    ) -> CompileOutput {
        // Everything the linker reads (static libraries, objects, shared libraries) is listed
        // beside the headers, so that it is part of the cache key too: a static library that
        // changes must not leave its old copy in a cached object. GNU ld >= 2.35, lld and mold
        // write the list; a linker that does not know the option is asked once more without it
        // (and the libraries are then not in the key, said once).
        use std::sync::atomic::{AtomicBool, Ordering};
        // Remembered once the linker refused: every later compile would be done twice.
        static REFUSED: AtomicBool = AtomicBool::new(false);
        if !REFUSED.load(Ordering::Relaxed) {
            let link_deps = link_deps_path(deps);
            let with_list = format!("-Wl,--dependency-file={}", link_deps.display());
            let out = self.run_compile_shared(source, output, deps, extra_flags, Some(&with_list));
            if out.success || !out.diagnostics.contains("dependency-file") {
                return out;
            }
            REFUSED.store(true, Ordering::Relaxed);
        }
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            eprintln!(
                "ffi-test: warning: the linker does not write --dependency-file: the libraries \
                 linked into C objects are not part of the C cache's key (after rebuilding a \
                 static library, remove the cache directory)"
            )
        });
        self.run_compile_shared(source, output, deps, extra_flags, None)
    }

    fn run_compile_shared(
        &self,
        source: &Path,
        output: &Path,
        deps: &Path,
        extra_flags: &[String],
        link_list: Option<&str>,
    ) -> CompileOutput {
        let mut cmd = self.tool.command();
        // A child under --sanitize has the ASan runtime preloaded; the compiler must not.
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.args(["-shared", "-fPIC"])
            .args(self.language.flags())
            .args(&self.config_args)
            .args(extra_flags)
            .args(link_list)
            .arg("-MD")
            .arg("-MF")
            .arg(deps)
            .arg("-o")
            .arg(output)
            .arg(source)
            .args(self.language.after_source())
            .args(match self.language {
                // Throws and catches through the unit's records of them (`cpp_throws`).
                Language::Cpp => &super::cpp_throws::LINK_FLAGS[..],
                Language::C => &[],
            })
            .args(&self.link_args);
        run_bounded(cmd, &self.tool.path, compile_timeout())
    }
}

/// Where [`Compiler::compile_shared`] has the linker list what it read, beside `deps`.
pub fn link_deps_path(deps: &Path) -> std::path::PathBuf {
    deps.with_extension("link.d")
}

impl Compiler {
    /// Compiles `source` into the relocatable object `output` (run-free verification: the
    /// object is read, never loaded), with debug information where `debug` (a member probe's
    /// type is read from it).
    pub fn compile_object(&self, source: &Path, output: &Path, debug: bool) -> CompileOutput {
        let mut cmd = self.tool.command();
        cmd.env_remove("LD_PRELOAD").env_remove("ASAN_OPTIONS");
        cmd.arg("-c")
            .args(self.language.flags())
            .args(debug.then_some("-g"))
            .args(&self.config_args)
            .arg("-o")
            .arg(output)
            .arg(source)
            .args(self.language.after_source());
        run_bounded(cmd, &self.tool.path, compile_timeout())
    }
}

/// Runs a compile to its end, or kills it after `timeout`.
fn run_bounded(mut cmd: Command, program: &Path, timeout: std::time::Duration) -> CompileOutput {
    use std::io::Read;
    let failed = |diagnostics: String, not_cacheable: bool| CompileOutput {
        success: false,
        not_cacheable: not_cacheable.then(|| diagnostics.clone()),
        diagnostics,
    };
    // A group of its own: an interrupt kills the compiler's programs (cc1, as, ld) with it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = match crate::os::reaper::spawn(&mut cmd) {
        Ok(child) => child,
        Err(e) => {
            let message = format!("could not run the C compiler `{}`: {e}", program.display());
            return failed(message, true);
        }
    };
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(stderr) = &mut stderr {
            let _ = stderr.read_to_end(&mut text);
        }
        text
    });
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let status = child.wait();
        crate::os::reaper::reaped(pid);
        let _ = tx.send(status);
    });
    let status = match rx.recv_timeout(timeout) {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => return failed(format!("could not wait for the C compiler: {e}"), true),
        Err(_) => {
            // Off Unix the compiler is left to finish on its own (no process group to kill).
            #[cfg(unix)]
            {
                // SAFETY: kill(2) on the compiler's group, which it leads and is not yet reaped
                // (its waiter is still waiting).
                unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
                let _ = rx.recv();
            }
            let message = format!(
                "the C compiler `{}` did not finish within {:.0}s and was killed (FFI_TEST_COMPILE_TIMEOUT); \
                 nothing was cached",
                program.display(),
                timeout.as_secs_f64()
            );
            return failed(message, true);
        }
    };
    let diagnostics = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let message = format!(
            "the C compiler `{}` was killed by signal {signal}; nothing was cached, the next run compiles again{}",
            program.display(),
            if diagnostics.trim().is_empty() { String::new() } else { format!(":\n{diagnostics}") }
        );
        return failed(message, true);
    }
    if !status.success() {
        if let Some(cause) = outside_the_code(&diagnostics) {
            let message = format!(
                "the C compiler `{}` failed for a reason outside the code ({cause}); nothing was cached, \
                 the next run compiles again:\n{diagnostics}",
                program.display()
            );
            return failed(message, true);
        }
    }
    CompileOutput {
        success: status.success(),
        diagnostics,
        not_cacheable: None,
    }
}

/// Whether a failed compile's diagnostics blame the machine rather than the C: one of the
/// compiler's own processes killed (the OOM killer kills `cc1`, and the driver reports it), a
/// full disk, an I/O error, memory or descriptors exhausted, or the compiler crashing. Such a
/// failure says nothing about the code and must never be cached. `Some(what)` names it.
fn outside_the_code(diagnostics: &str) -> Option<&'static str> {
    const CAUSES: [(&str, &str); 12] = [
        (
            "signal terminated program",
            "one of its programs was killed",
        ),
        (
            "unable to execute command",
            "one of its programs could not run",
        ),
        ("failed due to signal", "one of its programs was killed"),
        ("internal compiler error", "the compiler crashed"),
        ("No space left on device", "the disk is full"),
        ("Disk quota exceeded", "the disk quota is exceeded"),
        ("File too large", "a file size limit was hit"),
        ("Input/output error", "an I/O error"),
        ("Cannot allocate memory", "memory ran out"),
        ("memory exhausted", "memory ran out"),
        ("Too many open files", "the open-file limit was hit"),
        ("Read-only file system", "a read-only file system"),
    ];
    CAUSES
        .iter()
        .find(|(needle, _)| diagnostics.contains(needle))
        .map(|(_, cause)| *cause)
}

/// The files a compile read, from the dependency file written with `-MD -MF`.
pub fn read_deps(deps: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(deps) else {
        return Vec::new();
    };
    // Make syntax: "target: dep dep \\\n dep"; spaces inside paths are escaped as "\ ".
    let joined = text.replace("\\\n", " ");
    let Some((_, deps)) = joined.split_once(": ") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = deps.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                current.push(' ');
                chars.next();
            }
            ' ' | '\n' | '\t' => {
                if !current.is_empty() {
                    out.push(PathBuf::from(std::mem::take(&mut current)));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(PathBuf::from(current));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_of_the_machine_are_told_from_failures_of_the_code() {
        // As gcc 12 and clang 14 print them.
        let killed =
            "cc: fatal error: Killed signal terminated program cc1\ncompilation terminated.";
        assert_eq!(
            outside_the_code(killed),
            Some("one of its programs was killed")
        );
        let full = "a.c:1:1: fatal error: error closing /tmp/ccX.s: No space left on device";
        assert_eq!(outside_the_code(full), Some("the disk is full"));
        let clang = "clang: error: unable to execute command: Killed";
        assert_eq!(
            outside_the_code(clang),
            Some("one of its programs could not run")
        );
        let code = "a.c:3:5: error: expected ';' before '}' token";
        assert_eq!(outside_the_code(code), None);
    }

    #[test]
    fn deps_file_with_continuations_and_escaped_spaces() {
        let dir = std::env::temp_dir().join(format!("ffi-test-deps-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.d");
        std::fs::write(
            &file,
            "out.so: unit.c /usr/include/stdio.h \\\n /a\\ b/c.h\n",
        )
        .unwrap();
        let deps = read_deps(&file);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            deps,
            [
                PathBuf::from("unit.c"),
                PathBuf::from("/usr/include/stdio.h"),
                PathBuf::from("/a b/c.h")
            ]
        );
    }
}
