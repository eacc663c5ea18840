//! `#[ffi_roundtrip]`: values pushed through every call shape and compared bit for bit, leaf by
//! leaf. A layout that disagrees with C stops the test before any value crosses (passing a value
//! of the wrong layout would be undefined behaviour, not a finding).

mod after_args;
mod cross;
mod generate;
pub(crate) mod generated;
pub(crate) mod shapes;
pub mod through;
pub mod value;

use std::fmt::Write;
use std::mem::MaybeUninit;

use super::layout;
use crate::registry::context::TestContext;
pub(crate) use cross::{first as first_compiler, VAR as CROSS_COMPILER_VAR};
pub use shapes::Shape;
use shapes::{raw_leaf_bytes, Delivery, Symbols};
use value::{leaves_of, FfiValue, Leaf};

/// In a compiler pair's cross run, why a test that crosses nothing is not run (the run exists
/// for the callback shapes of the round-trip batteries); `None` otherwise.
pub(crate) fn outside_cross_run(entry: &crate::registry::TestEntry) -> Option<&'static str> {
    cross::second()?;
    let crosses = entry.kind == crate::registry::TestKind::Roundtrip
        && Shape::ALL
            .iter()
            .filter(|s| cross::applies(**s))
            .any(|s| entry.name.contains(&format!("__{}__", s.scenario())));
    (!crosses).then_some("a compiler pair's cross run runs the callback shapes only")
}

/// Symbols of the generated C functions of the running test.
struct TestSymbols<'a>(&'a dyn TestContext);

impl Symbols for TestSymbols<'_> {
    fn get(&self, name: &str) -> Result<*const (), String> {
        self.0.c_symbol(name)
    }
}

/// The layout gate every round-trip passes first: `T`'s own layout test, rerun here, through
/// the context of the test this thread runs (reached from `FfiValue::verify_layout`, which a
/// type's generated code implements without one).
pub fn check_layout<T: layout::LayoutChecked>() -> Result<(), String> {
    crate::registry::context::with_current(|ctx| {
        let ctx = ctx.ok_or("a round-trip's layout gate runs in a test the harness runs")?;
        crate::checks::layout::run_of(ctx, T::TEST, T::rust_layout())
    })
    .map_err(|report| {
        format!(
            "layout differs from C, so no value was passed (that would be undefined behaviour, not a finding); \
             see {}:\n{report}",
            T::TEST
        )
    })
}

/// Runs one generated shape for `T`. `names` is the Rust type's name and its C type, for the
/// report. (Only the layout gate, inside `T::verify_layout`, needs `LayoutChecked`, so a type
/// without `#[layout_matches]` gets one compile error, not one per test.)
pub fn run_shape<T: FfiValue>(
    ctx: &dyn TestContext,
    shape: Shape,
    root: &str,
    names: (&str, &str),
) -> Result<(), String> {
    T::verify_layout()?;
    let leaves = leaves_of::<T>(root);
    let mut report = Report::new(names, shape.scenario());
    let corrupt = self_test(shape, "");
    let others_changed = self_test(shape, "/others");
    // A compiler pair's cross run: the callback shapes cross between the two compilers' C.
    let second = cross::second().filter(|_| cross::applies(shape));
    let other = match &second {
        Some(program) => Some(cross::Other(crate::cside::compiled_by(
            &crate::cside::Toolchain::native(ctx.config()),
            ctx.entry().name,
            program,
        )?)),
        None => None,
    };
    let first = cross::first();
    let deliver = |bytes: &[u8]| -> Result<Vec<Delivery>, String> {
        let mut deliveries = match (&other, &second) {
            (Some(other), Some(second)) => cross::deliver::<T>(
                shape,
                (&TestSymbols(ctx), other),
                (&first, second),
                bytes,
                &leaves,
            )?,
            _ => shapes::deliver::<T>(shape, &TestSymbols(ctx), bytes, &leaves)?,
        };
        for delivery in &mut deliveries {
            if corrupt {
                corrupt_first_leaf(delivery, &leaves);
            }
            if others_changed {
                delivery.others_intact = false;
            }
        }
        Ok(deliveries)
    };
    for sample in generate::samples(std::mem::size_of::<T>(), &leaves) {
        for delivery in deliver(&sample.bytes)? {
            report.compare::<T>(&sample.label, &sample.bytes, &delivery, &leaves);
        }
    }
    report.generated::<T>(&leaves, &deliver)?;
    report.finish()
}

/// ffi-test's own self-test: `FFI_TEST_SELF_TEST_CORRUPT=<scenario>` flips the bits of the first
/// leaf of every value that arrives through that shape, after it arrived, and
/// `<scenario>/others` marks the other arguments as changed, so tests/roundtrip.rs proves each
/// shape's comparisons report what they exist for (a comparison that stopped looking would let
/// it pass). Never set in normal runs.
fn self_test(shape: Shape, suffix: &str) -> bool {
    std::env::var("FFI_TEST_SELF_TEST_CORRUPT")
        .is_ok_and(|s| s == format!("{}{suffix}", shape.scenario()))
}

fn corrupt_first_leaf(delivery: &mut Delivery, leaves: &[Leaf]) {
    if let Some(leaf) = leaves.first() {
        for byte in delivery
            .arrived
            .iter_mut()
            .skip(leaf.offset)
            .take(leaf.size)
        {
            *byte ^= 0xFF;
        }
    }
}

/// Runs the user's echo function `f` (declared by the user) for `T`.
pub fn run_echo<T: FfiValue>(
    f: impl through::EchoFn<T> + Copy,
    name: &str,
    root: &str,
    names: (&str, &str),
) -> Result<(), String> {
    run_through::<T>(name, root, names, |value, out| {
        // SAFETY: the user's declaration is what this test checks; results are read as bytes.
        unsafe { f.echo(value, out) }
    })
}

/// Runs the user's copy function `f` for `T`.
pub fn run_copy<T: FfiValue>(
    f: impl through::CopyFn<T> + Copy,
    name: &str,
    root: &str,
    names: (&str, &str),
) -> Result<(), String> {
    run_through::<T>(name, root, names, |value, out| {
        // SAFETY: as in run_echo.
        unsafe { f.copy(value, out) }
    })
}

fn run_through<T: FfiValue>(
    name: &str,
    root: &str,
    names: (&str, &str),
    call: impl Fn(&T, &mut MaybeUninit<T>),
) -> Result<(), String> {
    T::verify_layout()?;
    let leaves = leaves_of::<T>(root);
    let mut report = Report::new(names, &format!("through `{name}`"));
    let deliver = |bytes: &[u8]| -> Result<Vec<Delivery>, String> {
        // SAFETY: samples and generated values hold valid values of T.
        let value: T = unsafe { shapes::value_from(bytes) };
        let mut out = MaybeUninit::<T>::zeroed();
        call(&value, &mut out);
        Ok(vec![Delivery {
            variant: String::new(),
            arrived: raw_leaf_bytes(&out, &leaves),
            others_intact: true,
        }])
    };
    for sample in generate::samples(std::mem::size_of::<T>(), &leaves) {
        for delivery in deliver(&sample.bytes)? {
            report.compare::<T>(&sample.label, &sample.bytes, &delivery, &leaves);
        }
    }
    report.generated::<T>(&leaves, &deliver)?;
    report.finish()
}

/// Sends a value's bytes through a shape: what arrived, per variant.
type Deliver<'a> = dyn Fn(&[u8]) -> Result<Vec<Delivery>, String> + 'a;

/// Collects every changed leaf of every sample and variant into one failure message.
struct Report {
    header: String,
    /// Lines before the problems: a generated value's leaves, which the problems name.
    notes: Vec<String>,
    problems: Vec<String>,
    changed_leaves: usize,
}

const MAX_LINES: usize = 40;

impl Report {
    fn new((rust_name, c_type): (&str, &str), shape: &str) -> Report {
        Report {
            header: format!("round-trip of `{rust_name}` (C `{c_type}`), shape {shape}"),
            notes: Vec::new(),
            problems: Vec::new(),
            changed_leaves: 0,
        }
    }

    fn compare<T: FfiValue>(
        &mut self,
        label: &str,
        expected: &[u8],
        delivery: &Delivery,
        leaves: &[Leaf],
    ) {
        let size = std::mem::size_of::<T>();
        // SAFETY: `expected` holds a valid T (a sample); read back to show what Rust sent.
        let sent_value: T = unsafe { shapes::value_from(expected) };
        let sent = shapes::leaf_bytes(&sent_value, leaves);
        let place = if delivery.variant.is_empty() {
            format!("value {label}")
        } else {
            format!("value {label}, {}", delivery.variant)
        };
        if !delivery.others_intact {
            self.problems.push(format!(
                "  {place}: the other arguments arrived changed (C checked each)"
            ));
        }
        for copy in 0..delivery.arrived.len() / size.max(1) {
            for leaf in leaves {
                let range = leaf.offset..leaf.offset + leaf.size;
                let arrived = &delivery.arrived
                    [copy * size + leaf.offset..copy * size + leaf.offset + leaf.size];
                if arrived != &expected[range.clone()] {
                    self.changed_leaves += 1;
                    let copy_note = if delivery.arrived.len() > size {
                        format!(" (copy {})", copy + 1)
                    } else {
                        String::new()
                    };
                    self.problems.push(format!(
                        "  {place}: leaf `{}`{copy_note}\n      expected {}\n     Rust sent {}\n        arrived {}",
                        leaf.path,
                        hex(&expected[range.clone()]),
                        hex(&sent[range]),
                        hex(arrived)
                    ));
                }
            }
        }
    }

    /// After batteries that all arrived intact: generated values, the first that arrives
    /// changed (shrunk) reported as a sample is.
    fn generated<T: FfiValue>(&mut self, leaves: &[Leaf], deliver: &Deliver) -> Result<(), String> {
        if !self.problems.is_empty() {
            return Ok(());
        }
        let size = std::mem::size_of::<T>();
        let changed = |bytes: &[u8]| -> Result<bool, String> {
            Ok(deliver(bytes)?
                .iter()
                .any(|d| arrived_changed(d, bytes, leaves, size)))
        };
        if let Some(found) = generated::search(size, leaves, &changed)? {
            let value: Vec<String> = leaves
                .iter()
                .map(|l| {
                    let bytes = &found.bytes[l.offset..l.offset + l.size];
                    format!("{} = {}", l.path, hex(bytes))
                })
                .collect();
            self.notes
                .push(format!("  value {}: {}", found.label, value.join(", ")));
            for delivery in deliver(&found.bytes)? {
                self.compare::<T>("generated", &found.bytes, &delivery, leaves);
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), String> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut out = format!(
            "{}: {} problem{} ({} leaves arrived changed)\n",
            self.header,
            self.problems.len(),
            if self.problems.len() == 1 { "" } else { "s" },
            self.changed_leaves
        );
        for line in self
            .notes
            .iter()
            .chain(self.problems.iter().take(MAX_LINES))
        {
            let _ = writeln!(out, "{line}");
        }
        if self.problems.len() > MAX_LINES {
            let _ = writeln!(out, "  ... and {} more", self.problems.len() - MAX_LINES);
        }
        Err(out)
    }
}

/// Whether `delivery` differs from `expected` in a leaf of any copy, or changed the other
/// arguments: what [`Report::compare`] reports, as a yes or no.
fn arrived_changed(delivery: &Delivery, expected: &[u8], leaves: &[Leaf], size: usize) -> bool {
    !delivery.others_intact
        || delivery.arrived.chunks(size.max(1)).any(|copy| {
            leaves.iter().any(|leaf| {
                let range = leaf.offset..leaf.offset + leaf.size;
                copy.get(range.clone()) != expected.get(range)
            })
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
