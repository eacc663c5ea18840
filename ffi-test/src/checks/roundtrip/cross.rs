//! ABI Cafe's cross pairs for a compiler pair (`--compare-compiler`): C compiled by one compiler
//! calling C compiled by the other, both loaded in the test's process. The battery already has
//! both halves: its "C calls a callback" function is a caller whose callee has the signature of
//! its by-value receiver (`void (T, void *)`), and its "C calls a callback that returns" function
//! is a caller whose callee has the signature of its returner (`T (const void *)`). Each pair
//! runs both ways.

use std::ffi::c_void;
use std::mem::MaybeUninit;

use ffi_test_protocol::roundtrip::symbol;

use super::shapes::{raw_leaf_bytes, Delivery, Shape, Symbols};
use super::value::{FfiValue, Leaf};

/// The child's variable naming the second compiler (set by a compiler pair's cross run).
pub const VAR: &str = "FFI_TEST_CROSS_COMPILER";

/// The second compiler, when this run is a compiler pair's cross run.
pub fn second() -> Option<String> {
    std::env::var(VAR).ok().filter(|c| !c.is_empty())
}

/// The run's own compiler command, for labels (`CC`, or cc's default `cc`).
pub fn first() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

/// Whether `shape` is one that crosses between two C compilers in a cross run.
pub fn applies(shape: Shape) -> bool {
    matches!(shape, Shape::ToRustCallback | Shape::FromRustCallback)
}

/// The test's C as the second compiler built it.
pub struct Other(pub crate::cside::CompiledBy);

impl Symbols for Other {
    fn get(&self, name: &str) -> Result<*const (), String> {
        self.0
            .symbol(name)
            .ok_or_else(|| format!("the second compiler's copy does not define `{name}`"))
    }
}

type Receiver<T> = unsafe extern "C" fn(T, *mut c_void);
type Caller<T> = unsafe extern "C" fn(Receiver<T>, *const u8, *mut c_void);
type Returner<T> = unsafe extern "C" fn(*const c_void) -> MaybeUninit<T>;
type Collector<T> = unsafe extern "C" fn(Returner<T>, *const c_void, *mut u8);

/// `sample` sent across `shape` from each compiler's C to the other's: the bytes the callee
/// received (a by-value argument), or the bytes the caller received (a return value).
pub fn deliver<T: FfiValue>(
    shape: Shape,
    (ours, theirs): (&dyn Symbols, &dyn Symbols),
    (first, second): (&str, &str),
    sample: &[u8],
    leaves: &[Leaf],
) -> Result<Vec<Delivery>, String> {
    let mut out = Vec::new();
    for (caller, callee, label) in [
        (
            ours,
            theirs,
            format!("C compiled by `{first}` calls C compiled by `{second}`"),
        ),
        (
            theirs,
            ours,
            format!("C compiled by `{second}` calls C compiled by `{first}`"),
        ),
    ] {
        let arrived = match shape {
            Shape::ToRustCallback => {
                // SAFETY: the battery's call-a-callback function has this prototype, and its
                // by-value receiver `void f(T v, unsigned char *out)` is a `void (T, void *)`.
                let (call, receive) = unsafe {
                    (
                        std::mem::transmute::<*const (), Caller<T>>(caller.get(symbol::CALL_RUST)?),
                        std::mem::transmute::<*const (), Receiver<T>>(
                            callee.get(symbol::BY_VALUE)?,
                        ),
                    )
                };
                let mut received = MaybeUninit::<T>::zeroed();
                // SAFETY: the caller builds a T from `sample` and passes it to the receiver,
                // which writes its bytes to the slot (room for a T).
                unsafe { call(receive, sample.as_ptr(), received.as_mut_ptr().cast()) };
                raw_leaf_bytes(&received, leaves)
            }
            Shape::FromRustCallback => {
                // SAFETY: the battery's collect-a-return function has this prototype, and its
                // returner `T f(const unsigned char *in)` is a `T (const void *)`.
                let (collect, give) = unsafe {
                    (
                        std::mem::transmute::<*const (), Collector<T>>(
                            caller.get(symbol::RUST_RETURNS)?,
                        ),
                        std::mem::transmute::<*const (), Returner<T>>(
                            callee.get(symbol::RETURNED)?,
                        ),
                    )
                };
                let mut received = MaybeUninit::<T>::zeroed();
                // SAFETY: the caller calls the returner with `sample` (a T's bytes) and copies
                // the T it gets to the slot.
                unsafe { collect(give, sample.as_ptr().cast(), received.as_mut_ptr().cast()) };
                raw_leaf_bytes(&received, leaves)
            }
            _ => return Err(format!("the {} shape has no cross pair", shape.scenario())),
        };
        out.push(Delivery {
            variant: label,
            arrived,
            others_intact: true,
        });
    }
    Ok(out)
}
