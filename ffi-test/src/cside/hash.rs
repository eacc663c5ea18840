//! A stable 128-bit hash for cache keys: two multiply-rotate lanes over length-prefixed fields,
//! eight bytes at a time.
//!
//! std's `DefaultHasher` may change between Rust releases; cache keys must not, and need no
//! resistance to adversaries (the cache directory is the user's own), only to accidental
//! collisions. Every run hashes the whole translation unit and every header it includes, in the
//! user's debug build of this crate, so the loop works on words, not bytes.

pub struct Hasher {
    lanes: [u64; 2],
}

const PRIMES: [u64; 2] = [0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f];

/// One word into the two lanes.
#[inline(always)]
fn mix(a: u64, b: u64, w: u64) -> [u64; 2] {
    [
        (a ^ w).wrapping_mul(PRIMES[0]).rotate_left(31),
        (b ^ w.rotate_left(32))
            .wrapping_mul(PRIMES[1])
            .rotate_left(27),
    ]
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher {
            lanes: [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142],
        }
    }

    fn word(&mut self, w: u64) {
        let [a, b] = self.lanes;
        self.lanes = mix(a, b, w);
    }

    /// Adds one field; the length prefix keeps ("ab","c") apart from ("a","bc").
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.word(bytes.len() as u64);
        // Every run hashes every header of every unit (some 400 KiB), in the user's debug
        // build: a plain loop over unaligned reads, not slice iterators, whose debug-build
        // checks cost more than the hashing.
        let [mut a, mut b] = self.lanes;
        let whole = bytes.len() / 8;
        let start = bytes.as_ptr();
        let mut i = 0;
        while i < whole {
            // SAFETY: word `i` lies within `bytes` (i < len / 8); an unaligned read has no
            // alignment requirement.
            let w = u64::from_le(unsafe {
                std::ptr::read_unaligned(start.cast::<u64>().wrapping_add(i))
            });
            [a, b] = mix(a, b, w);
            i += 1;
        }
        self.lanes = [a, b];
        let rest = &bytes[whole * 8..];
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(w));
        }
        self
    }

    pub fn hex(&self) -> String {
        // A final mix, so the last word reaches every bit.
        let [a, b] = self.lanes;
        let a2 = (a ^ b.rotate_left(17)).wrapping_mul(PRIMES[1]);
        let b2 = (b ^ a.rotate_left(41)).wrapping_mul(PRIMES[0]);
        format!("{:016x}{:016x}", a2 ^ (a2 >> 29), b2 ^ (b2 >> 32))
    }
}

#[cfg(test)]
mod tests {
    use super::{Hasher, PRIMES};

    /// The loop as first written (chunks of eight), which every cache key so far was made with.
    fn reference(fields: &[&[u8]]) -> [u64; 2] {
        let mut lanes = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142];
        let mut word = |w: u64| {
            lanes[0] = (lanes[0] ^ w).wrapping_mul(PRIMES[0]).rotate_left(31);
            lanes[1] = (lanes[1] ^ w.rotate_left(32))
                .wrapping_mul(PRIMES[1])
                .rotate_left(27);
        };
        for bytes in fields {
            word(bytes.len() as u64);
            let mut words = bytes.chunks_exact(8);
            for chunk in &mut words {
                word(u64::from_le_bytes(chunk.try_into().unwrap()));
            }
            let rest = words.remainder();
            if !rest.is_empty() {
                let mut w = [0u8; 8];
                w[..rest.len()].copy_from_slice(rest);
                word(u64::from_le_bytes(w));
            }
        }
        lanes
    }

    #[test]
    fn keys_are_the_ones_the_first_loop_made() {
        let data: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for cut in [0, 1, 7, 8, 9, 15, 16, 17, 500, 999, 1000] {
            // Offsets 1 and 3: words read from unaligned starts.
            let fields: [&[u8]; 3] = [&data[..cut], &data[1..cut.max(1)], &data[3..]];
            let mut h = Hasher::new();
            for f in fields {
                h.field(f);
            }
            assert_eq!(h.lanes, reference(&fields), "cut {cut}");
        }
    }

    #[test]
    fn fields_are_delimited_and_order_matters() {
        let h = |fields: &[&str]| {
            let mut h = Hasher::new();
            for f in fields {
                h.field(f.as_bytes());
            }
            h.hex()
        };
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_ne!(h(&["a", "b"]), h(&["b", "a"]));
        assert_eq!(h(&["x"]), h(&["x"]));
        assert_eq!(h(&[]).len(), 32);
        // Lengths that are not a multiple of eight, and a trailing zero byte, still count.
        assert_ne!(h(&["abcdefghi"]), h(&["abcdefgh"]));
        assert_ne!(h(&["abc\0"]), h(&["abc"]));
    }
}
