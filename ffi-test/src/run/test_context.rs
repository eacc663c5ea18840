//! The context a test runs in (`registry::context::TestContext`): the binary's configuration
//! and the C side this process prepared, which the test's checks and body reach through it.
//! Built here, where tests are run, and passed down to each test's `run`.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::cside::{BoundLibrary, Prepared};
use crate::registry::config::Config;
use crate::registry::context::TestContext;
use crate::registry::TestEntry;

/// This process's C side: prepared on first use (a child running Rust-only tests never
/// compiles or loads anything), or handed over already prepared (`--in-process`).
pub struct CSide {
    config: Config,
    prepared: OnceLock<Prepared>,
}

impl CSide {
    /// A C side prepared for `config` when first asked for.
    pub fn new(config: Config) -> CSide {
        CSide {
            config,
            prepared: OnceLock::new(),
        }
    }

    /// A C side already prepared.
    pub fn prepared_as(config: Config, prepared: Prepared) -> CSide {
        CSide {
            config,
            prepared: OnceLock::from(prepared),
        }
    }

    /// The binary's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The C side, prepared now if it was not yet (see `child::prepare_c`).
    pub fn get(&self) -> &Prepared {
        self.prepared
            .get_or_init(|| super::child::prepare_c(&self.config))
    }

    /// The context `entry` runs in.
    pub fn context_for(&self, entry: &'static TestEntry) -> Running<'_> {
        Running { entry, c: self }
    }
}

/// One test's context: its entry and this process's C side.
pub struct Running<'a> {
    entry: &'static TestEntry,
    c: &'a CSide,
}

impl Running<'_> {
    fn bound(&self, test: &str) -> Result<BoundLibrary, String> {
        self.c.get().get(test)
    }
}

impl TestContext for Running<'_> {
    fn entry(&self) -> &'static TestEntry {
        self.entry
    }

    fn config(&self) -> &Config {
        &self.c.config
    }

    fn c_symbol_in(&self, test: &str, symbol: &str) -> Result<*const (), String> {
        self.bound(test)?
            .symbol(symbol)
            .ok_or_else(|| format!("the C side of `{test}` does not define `{symbol}`"))
    }

    fn c_object_in(&self, test: &str) -> Result<(PathBuf, String), String> {
        self.bound(test).map(|b| b.object())
    }

    fn c_exported(&self, name: &str) -> Option<*const ()> {
        self.bound(self.entry.name).ok()?.exported(name)
    }
}
