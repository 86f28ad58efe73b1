//! Signed form tokens: proof that a form was handed out by this server, for what purpose and
//! when. Public forms need no cookie or session for this (tellers are anonymous); staff forms
//! additionally carry their session's CSRF token.
//!
//! A token is `ISSUED.MAC`, where MAC is HMAC-SHA256 over purpose, subject and issue time with
//! the server's key (kept in the database, see `vertelpunt_store::secrets`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Well-formed and ours, but older than allowed.
    Expired,
    /// Not made by this server for this form.
    Invalid,
}

/// Makes and checks form tokens with one key.
#[derive(Clone)]
pub struct FormTokens {
    key: Vec<u8>,
}

impl FormTokens {
    pub fn new(key: &[u8]) -> Self {
        FormTokens { key: key.to_vec() }
    }

    fn mac(&self, purpose: &str, subject: &str, issued: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        for part in [
            purpose.as_bytes(),
            subject.as_bytes(),
            issued.to_string().as_bytes(),
        ] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    /// A token for `purpose` (e.g. `"story"`) and `subject` (e.g. the collection point and
    /// the story id) issued at `issued` (Unix seconds).
    pub fn sign(&self, purpose: &str, subject: &str, issued: i64) -> String {
        let tag = self.mac(purpose, subject, issued).finalize().into_bytes();
        format!("{issued}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// Checks a token at time `now`; tokens older than `max_age_secs` (or from the future) are
    /// expired.
    pub fn verify(
        &self,
        token: &str,
        purpose: &str,
        subject: &str,
        now: i64,
        max_age_secs: i64,
    ) -> Result<(), TokenError> {
        let (issued, tag) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let issued: i64 = issued.parse().map_err(|_| TokenError::Invalid)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Invalid)?;
        self.mac(purpose, subject, issued)
            .verify_slice(&tag)
            .map_err(|_| TokenError::Invalid)?;
        if issued > now + 60 || now - issued > max_age_secs {
            return Err(TokenError::Expired);
        }
        Ok(())
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The current time as Unix seconds (form tokens).
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_accepted_only_for_its_own_form_and_time() {
        let tokens = FormTokens::new(b"key");
        let t = tokens.sign("story", "jeugdhulp:1", 1_000);
        assert_eq!(
            tokens.verify(&t, "story", "jeugdhulp:1", 1_100, 3_600),
            Ok(())
        );
        assert_eq!(
            tokens.verify(&t, "story", "jeugdhulp:2", 1_100, 3_600),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify(&t, "withdraw", "jeugdhulp:1", 1_100, 3_600),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify(&t, "story", "jeugdhulp:1", 10_000, 3_600),
            Err(TokenError::Expired)
        );
        assert_eq!(
            FormTokens::new(b"other").verify(&t, "story", "jeugdhulp:1", 1_100, 3_600),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify("nonsense", "story", "jeugdhulp:1", 1_100, 3_600),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
