//! The bottom layer: what the runtime asks of the operating system that needs care. Files that
//! something else could replace are read here, every process the runtime starts is started and
//! adopted here, and object files are read here. Nothing in it knows what a test is.

pub(crate) mod object_file;
#[cfg(unix)]
pub(crate) mod passing;
pub(crate) mod reaper;
#[cfg(unix)]
pub(crate) mod rebind;
pub(crate) mod untrusted;
mod zlib;
