//! Receipt codes: the teller's only key to their anonymous story. The code is shown once and
//! only its hash is stored.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code: 32^10 ≈ 10^15 possibilities.
const LENGTH: usize = 10;

/// A new code, grouped for reading aloud and copying: `K7QM-3WXP-HT`.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let chars: String = (0..LENGTH)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}-{}", &chars[..4], &chars[4..8], &chars[8..])
}

/// The code as typed, reduced to its characters: case, spaces and dashes do not matter.
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// What is stored for a code.
pub fn hash(code: &str) -> String {
    let digest = Sha256::digest(format!("vertelpunt-receipt:{}", normalise(code)).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_and_hash_the_same_however_typed() {
        let code = new_code();
        assert_eq!(code.len(), 12);
        assert_eq!(code.matches('-').count(), 2);
        assert_eq!(hash(&code), hash(&code.to_lowercase().replace('-', " ")));
        assert_ne!(hash(&code), hash(&new_code()));
    }
}
