//! A stable 128-bit hash for cache keys (two FNV-1a lanes over length-prefixed fields).
//!
//! std's `DefaultHasher` may change between Rust releases; cache keys must not, and need no
//! resistance to adversaries, only to accidental collisions.

pub struct Hasher {
    lanes: [u64; 2],
}

const PRIME: u64 = 0x0000_0100_0000_01b3;

impl Hasher {
    pub fn new() -> Hasher {
        Hasher {
            lanes: [0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142],
        }
    }

    fn byte(&mut self, b: u8) {
        self.lanes[0] = (self.lanes[0] ^ b as u64).wrapping_mul(PRIME);
        self.lanes[1] =
            (self.lanes[1] ^ (b as u64).rotate_left(5)).wrapping_mul(PRIME.rotate_left(1) | 1);
    }

    /// Adds one field; the length prefix keeps ("ab","c") apart from ("a","bc").
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        for b in (bytes.len() as u64).to_le_bytes() {
            self.byte(b);
        }
        for &b in bytes {
            self.byte(b);
        }
        self
    }

    pub fn hex(&self) -> String {
        format!("{:016x}{:016x}", self.lanes[0], self.lanes[1])
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
    }
}
