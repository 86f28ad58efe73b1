//! Labels in other tools' definitions are small pieces of HTML (`quality<br>demands`,
//! `<div>…</div>`); Vertelpunt stores plain text and escapes it when it shows it.

/// The plain text of an HTML fragment: tags removed, `<br>` and block ends become spaces, the
/// common entities decoded, runs of white space collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                out.push(' ');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with the common HTML entities decoded (`&amp;` as `&`, `&#39;` as `'`): exports that
/// went through a web page write stories that way.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let entity = after
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &after[..=end]);
        let decoded = entity.and_then(|e| match e {
            "&amp;" => Some('&'),
            "&lt;" => Some('<'),
            "&gt;" => Some('>'),
            "&quot;" => Some('"'),
            "&apos;" | "&#39;" => Some('\''),
            "&nbsp;" => Some(' '),
            _ => e
                .strip_prefix("&#")
                .and_then(|n| n.strip_suffix(';'))
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                })
                .and_then(char::from_u32)
                // `&#0;` stays as it is: a NUL cannot be stored (PostgreSQL refuses it).
                .filter(|c| *c != '\0'),
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len()..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn tags_become_spaces_and_entities_are_decoded() {
        assert_eq!(plain_text("quality<br>demands"), "quality demands");
        assert_eq!(
            plain_text("<div>heavily<br> micro-managed</div>"),
            "heavily micro-managed"
        );
        assert_eq!(plain_text("A &amp; B &lt;3 &#233;&#x41;"), "A & B <3 éA");
        assert_eq!(plain_text("Tom & Jerry; 5 < 6"), "Tom & Jerry; 5 < 6");
        assert_eq!(
            plain_text("<i>safetySCAN</i> service"),
            "safetySCAN service"
        );
    }
}
