//! Generated inputs: each parameter type's strategy (edges weighted in), the agreement of two
//! answers, and the ways an input is made simpler, as a value (after proptest's shrinking) and
//! as its `Debug` text (a crash's replays in fresh processes, `run::replay`).

use std::fmt::Debug;

use crate::checks::generation::Edges;
use proptest::prelude::*;

/// Values whose agreement is equality, floats' NaNs agreeing with any NaN.
pub trait Agree: Debug {
    /// Whether Rust's `self` and C's `c` are the same answer.
    fn agrees(&self, c: &Self) -> bool;
}

macro_rules! exact {
    ($($t:ty),*) => {$(
        impl Agree for $t {
            fn agrees(&self, c: &Self) -> bool {
                self == c
            }
        }
    )*};
}
exact!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, bool, ());

macro_rules! float {
    ($($t:ty),*) => {$(
        impl Agree for $t {
            fn agrees(&self, c: &Self) -> bool {
                self == c || (self.is_nan() && c.is_nan())
            }
        }
    )*};
}
float!(f32, f64);

/// A strategy for `T` with its edges weighted in.
pub trait Edgy: Sized + Debug + Clone + 'static {
    /// Values drawn from the whole type, edges often.
    fn edgy() -> BoxedStrategy<Self>;
}

macro_rules! edgy_int {
    ($($t:ident),*) => {$(
        impl Edgy for $t {
            fn edgy() -> BoxedStrategy<$t> {
                Edges::<$t>(std::marker::PhantomData).boxed()
            }
        }
    )*};
}
edgy_int!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

impl Edgy for bool {
    fn edgy() -> BoxedStrategy<bool> {
        any::<bool>().boxed()
    }
}

macro_rules! edgy_float {
    ($($t:ident),*) => {$(
        impl Edgy for $t {
            fn edgy() -> BoxedStrategy<$t> {
                let edges = vec![0.0, -0.0, 1.0, -1.0, <$t>::INFINITY, <$t>::NEG_INFINITY,
                    <$t>::NAN, <$t>::MAX, <$t>::MIN, <$t>::MIN_POSITIVE, <$t>::EPSILON];
                prop_oneof![
                    1 => proptest::sample::select(edges),
                    // Every class: normal, subnormal, zero, infinite, NaN (payloads included).
                    4 => proptest::num::$t::ANY,
                ]
                .boxed()
            }
        }
    )*};
}
edgy_float!(f32, f64);

/// Values one step simpler than a failing input, tried after proptest's shrinking: its binary
/// search toward zero stops at the first value that passes, which for a disagreement in some
/// bits only (a mask, a sign) leaves a large input. Clearing one bit at a time, from the top,
/// keeps the bits that matter.
pub trait Simpler: Sized + Clone {
    /// Candidates, simplest first.
    fn simpler(&self) -> Vec<Self>;
}

macro_rules! simpler_int {
    ($($t:ty),*) => {$(
        impl Simpler for $t {
            #[allow(unused_comparisons)] // `x < 0` of an unsigned type
            fn simpler(&self) -> Vec<$t> {
                let x = *self;
                let mut out = vec![0 as $t];
                for k in (0..<$t>::BITS).rev() {
                    let bit = (1 as $t).wrapping_shl(k);
                    if x & bit != 0 {
                        out.push(x & !bit);
                    }
                }
                // Each candidate has fewer bits set, or as many and a smaller magnitude, so
                // simplifying ends. Halving a negative number sets more bits (-2^62 halves to
                // -2^61, a bit more), and clearing one again could lead back: not tried.
                if x >= 0 {
                    out.push(x / 2);
                }
                out.retain(|&c| c != x);
                out
            }
        }
    )*};
}
simpler_int!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! simpler_plain {
    ($($t:ty => $zero:expr),*) => {$(
        impl Simpler for $t {
            fn simpler(&self) -> Vec<$t> {
                if *self == $zero { Vec::new() } else { vec![$zero] }
            }
        }
    )*};
}
simpler_plain!(bool => false, f32 => 0.0, f64 => 0.0);

/// Elements removed at most one by one when a buffer is made simpler (the first ones).
const REMOVALS: usize = 32;

impl<T: Simpler> Simpler for Vec<T> {
    /// Empty, then its first half, then one element fewer (each of the first few), then each
    /// element made simpler (its first candidate: zero).
    fn simpler(&self) -> Vec<Vec<T>> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut out = vec![Vec::new()];
        if self.len() > 1 {
            out.push(self[..self.len() / 2].to_vec());
        }
        for i in 0..self.len().min(REMOVALS) {
            let mut fewer = self.clone();
            fewer.remove(i);
            out.push(fewer);
        }
        for (i, item) in self.iter().enumerate() {
            if let Some(simpler) = item.simpler().into_iter().next() {
                let mut next = self.clone();
                next[i] = simpler;
                out.push(next);
            }
        }
        out
    }
}

/// Buffers' lengths when the attribute gives none: 0 to this many elements.
pub const BUFFER_LEN: usize = 64;

/// The strategy of a buffer parameter (`&[T]`) of 0 to `BUFFER_LEN` (64) elements.
pub fn edgy_vec<T: Edgy>() -> BoxedStrategy<Vec<T>> {
    proptest::collection::vec(T::edgy(), 0..=BUFFER_LEN).boxed()
}

/// The strategy of a buffer parameter whose lengths the attribute gives (`data = 0..=4096`;
/// `16..` is 16 to 16 + `BUFFER_LEN`).
pub fn ranged_vec<T: Edgy>(lengths: impl std::ops::RangeBounds<usize>) -> BoxedStrategy<Vec<T>> {
    use std::ops::Bound::*;
    let min = match lengths.start_bound() {
        Included(&n) => n,
        Excluded(&n) => n + 1,
        Unbounded => 0,
    };
    let max = match lengths.end_bound() {
        Included(&n) => n,
        Excluded(&n) => n.saturating_sub(1),
        Unbounded => min + BUFFER_LEN,
    };
    proptest::collection::vec(T::edgy(), min..=max.max(min)).boxed()
}

macro_rules! simpler_tuple {
    ($(($($name:ident $i:tt),+))*) => {$(
        impl<$($name: Simpler),+> Simpler for ($($name,)+) {
            fn simpler(&self) -> Vec<Self> {
                let mut out = Vec::new();
                $(
                    for c in self.$i.simpler() {
                        let mut next = self.clone();
                        next.$i = c;
                        out.push(next);
                    }
                )+
                out
            }
        }
    )*};
}
/// An input read back from its `Debug` text (`(17, -3,)`): what a crash's replay runs.
pub trait Replay: Sized {
    /// The input `text` writes, if it is one of this type.
    fn replay(text: &str) -> Option<Self>;
}

/// One parameter's value read back from its `Debug` text (`17`, `[1, 2]`).
pub trait ReplayItem: Sized {
    /// The value `text` writes, if it is one of this type.
    fn replay_item(text: &str) -> Option<Self>;
}

macro_rules! replay_parsed {
    ($($t:ty),*) => {$(
        impl ReplayItem for $t {
            fn replay_item(text: &str) -> Option<Self> {
                text.parse().ok()
            }
        }
    )*};
}
replay_parsed!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool);

impl<T: ReplayItem> ReplayItem for Vec<T> {
    fn replay_item(text: &str) -> Option<Self> {
        let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
        split_items(inner)
            .iter()
            .map(|item| T::replay_item(item))
            .collect()
    }
}

macro_rules! replay_tuple {
    ($(($($name:ident $i:tt),+))*) => {$(
        impl<$($name: ReplayItem),+> Replay for ($($name,)+) {
            fn replay(text: &str) -> Option<Self> {
                let parts = split_tuple(text);
                let mut parts = parts.iter();
                let value = ($($name::replay_item(parts.next()?)?,)+);
                parts.next().is_none().then_some(value)
            }
        }
    )*};
}
/// Implements `$m` for tuples of one to six parameters.
macro_rules! for_tuples {
    ($($m:ident),*) => {$(
        $m! {
            (A 0)
            (A 0, B 1)
            (A 0, B 1, C 2)
            (A 0, B 1, C 2, D 3)
            (A 0, B 1, C 2, D 3, E 4)
            (A 0, B 1, C 2, D 3, E 4, F 5)
        }
    )*};
}
for_tuples!(replay_tuple, simpler_tuple);

/// The strategy of a parameter of type `T` (its edges weighted in).
pub fn edgy<T: Edgy>() -> BoxedStrategy<T> {
    T::edgy()
}

/// `strategy` (a range the attribute gives a parameter of type `T`) as its strategy.
pub fn ranged<T: Debug>(strategy: impl Strategy<Value = T> + 'static) -> BoxedStrategy<T> {
    strategy.boxed()
}

/// One way to make an input (its `Debug` text) simpler, at its `n`th value: a crash's replays
/// try each in turn (`run::replay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The value made zero (`0`, `0.0`, `false`).
    Zero(usize),
    /// An integer with bit `k` of its magnitude cleared.
    Clear(usize, u32),
    /// An integer halved (towards zero).
    Halve(usize),
}

/// The steps worth trying on `text`, in order: each value made zero, then each set bit of each
/// integer cleared from the top, then each integer halved.
pub fn steps(text: &str) -> Vec<Step> {
    let items = split_tuple(text);
    let mut out: Vec<Step> = (0..items.len()).map(Step::Zero).collect();
    // A buffer: its first half.
    out.extend(
        (0..items.len())
            .filter(|&n| items[n].starts_with('['))
            .map(Step::Halve),
    );
    for (n, item) in items.iter().enumerate() {
        if let Ok(v) = item.parse::<i128>() {
            let magnitude = v.unsigned_abs();
            out.extend(
                (0..128)
                    .rev()
                    .filter(|k| magnitude >> k & 1 == 1)
                    .map(|k| Step::Clear(n, k)),
            );
        }
    }
    out.extend(
        (0..items.len())
            .filter(|&n| items[n].parse::<i128>().is_ok())
            .map(Step::Halve),
    );
    out
}

/// `text` after `step`, when the step applies and changes it.
pub fn simpler_by(text: &str, step: Step) -> Option<String> {
    let mut items = split_tuple(text);
    let (n, value) = match step {
        Step::Zero(n) => (n, zero_of(items.get(n)?)?),
        Step::Clear(n, k) => {
            let v = items.get(n)?.parse::<i128>().ok()?;
            let cleared = (v.unsigned_abs() & !(1u128 << k)) as i128;
            (n, (if v < 0 { -cleared } else { cleared }).to_string())
        }
        Step::Halve(n) => {
            let item = items.get(n)?;
            match item.strip_prefix('[').and_then(|i| i.strip_suffix(']')) {
                Some(inner) => {
                    let elements = split_items(inner);
                    (
                        n,
                        format!("[{}]", elements[..elements.len() / 2].join(", ")),
                    )
                }
                None => (n, (item.parse::<i128>().ok()? / 2).to_string()),
            }
        }
    };
    if items[n] == value {
        return None;
    }
    items[n] = value;
    Some(format!("({},)", items.join(", ")))
}

/// The zero of the type `item` is a value of.
fn zero_of(item: &str) -> Option<String> {
    if item.starts_with('[') {
        Some("[]".into())
    } else if item.parse::<i128>().is_ok() {
        Some("0".into())
    } else if item.parse::<f64>().is_ok() {
        Some("0.0".into())
    } else if item == "true" || item == "false" {
        Some("false".into())
    } else {
        None
    }
}

/// The items of a tuple's `Debug` text (`(1, [2, 3], {x = 4, y = 5},)`): numbers, `bool`s,
/// buffers of them and structs, so commas outside brackets and braces separate them.
pub(super) fn split_tuple(text: &str) -> Vec<String> {
    let text = text.trim();
    let inner = text.strip_prefix('(').unwrap_or(text);
    split_items(inner.strip_suffix(')').unwrap_or(inner))
}

/// `text`'s items separated by commas outside brackets, trimmed, empty ones left out.
pub(super) fn split_items(text: &str) -> Vec<String> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(text[start..].trim().to_string());
    items.retain(|item| !item.is_empty());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_read_back_and_simplified_as_text() {
        assert_eq!(<(u32, i8)>::replay("(17, -3,)"), Some((17, -3)));
        assert_eq!(<(u32,)>::replay("(17, 4,)"), None);
        assert_eq!(
            steps("(6, -5,)"),
            [
                Step::Zero(0),
                Step::Zero(1),
                Step::Clear(0, 2),
                Step::Clear(0, 1),
                Step::Clear(1, 2),
                Step::Clear(1, 0),
                Step::Halve(0),
                Step::Halve(1)
            ]
        );
        let after = |step| simpler_by("(6, -5, true,)", step);
        assert_eq!(after(Step::Clear(1, 2)).as_deref(), Some("(6, -1, true,)"));
        assert_eq!(after(Step::Clear(1, 1)), None);
        assert_eq!(after(Step::Zero(2)).as_deref(), Some("(6, -5, false,)"));
        assert_eq!(after(Step::Halve(1)).as_deref(), Some("(6, -2, true,)"));
    }

    #[test]
    fn each_simpler_integer_has_fewer_bits_or_a_smaller_magnitude() {
        // A well-founded order, so simplifying cannot go round in a circle (it did: MIN and
        // -2^62 led to each other by halving and clearing, until the budget ran out).
        for x in [-1i32, i32::MIN, -0x4000_0000, -0x4000_0001, 6, 200] {
            for c in x.simpler() {
                let fewer = c.count_ones() < x.count_ones();
                let as_many = c.count_ones() == x.count_ones();
                assert!(
                    fewer || (as_many && c.unsigned_abs() < x.unsigned_abs()),
                    "{x} -> {c}"
                );
            }
        }
        assert_eq!((-0x4000_0000i32).simpler(), [0, 0x4000_0000, i32::MIN]);
        assert_eq!(200u8.simpler(), [0, 72, 136, 192, 100]);
    }

    #[test]
    fn a_buffer_is_read_back_split_and_simplified() {
        assert_eq!(
            <(Vec<u8>, u32)>::replay("([1, 2, 3], 7,)"),
            Some((vec![1, 2, 3], 7))
        );
        assert_eq!(<(Vec<u8>,)>::replay("([],)"), Some((vec![],)));
        assert_eq!(<(Vec<u8>,)>::replay("([1, 300],)"), None);
        assert_eq!(split_tuple("([1, 2], 3,)"), ["[1, 2]", "3"]);
        assert_eq!(steps("([5, 6, 7],)"), [Step::Zero(0), Step::Halve(0)]);
        let text = "([5, 6, 7], 2,)";
        assert_eq!(simpler_by(text, Step::Zero(0)).as_deref(), Some("([], 2,)"));
        assert_eq!(
            simpler_by(text, Step::Halve(0)).as_deref(),
            Some("([5], 2,)")
        );
        let simpler = vec![3u8, 0, 9].simpler();
        assert_eq!(simpler[..3], [vec![], vec![3], vec![0, 9]]);
        assert!(simpler.contains(&vec![0, 0, 9]));
    }
}
