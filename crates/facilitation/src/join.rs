//! Join codes: short, read aloud and typed on a phone, so without characters that look alike
//! (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).

use rand::Rng;

/// The characters of a join code.
pub const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY3469";
/// How many characters a code has: 24⁶ ≈ 191 million codes, guessed only at the rate limit.
pub const LENGTH: usize = 6;

/// A new random join code, e.g. `KP4-W9X` (shown with a dash, stored without).
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..LENGTH)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A code as a person typed it (any case, spaces, dashes), as stored; `None` when it cannot be
/// a code at all.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// A code as shown: `KP4W9X` → `KP4-W9X`.
pub fn display(code: &str) -> String {
    if code.len() == LENGTH {
        format!("{}-{}", &code[..3], &code[3..])
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unambiguous_and_read_back_however_typed() {
        for _ in 0..1000 {
            let code = new_code();
            assert_eq!(code.len(), LENGTH);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L', '5', 'S', '2', 'Z', '8', 'B']));
            assert_eq!(
                normalize(&display(&code).to_lowercase()),
                Some(code.clone())
            );
        }
        assert_eq!(normalize(" kp4 - w9x "), Some("KP4W9X".into()));
        assert_eq!(normalize("KP4W9"), None);
        assert_eq!(normalize("KP4W9O"), None, "an O is never in a code");
    }
}
