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

impl Hasher {
    pub fn new() -> Hasher {
        Hasher {
            lanes: [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142],
        }
    }

    fn word(&mut self, w: u64) {
        self.lanes[0] = (self.lanes[0] ^ w).wrapping_mul(PRIMES[0]).rotate_left(31);
        self.lanes[1] = (self.lanes[1] ^ w.rotate_left(32))
            .wrapping_mul(PRIMES[1])
            .rotate_left(27);
    }

    /// Adds one field; the length prefix keeps ("ab","c") apart from ("a","bc").
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.word(bytes.len() as u64);
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
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
    use super::Hasher;

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
