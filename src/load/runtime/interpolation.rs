//! Compose variables: `docker compose` replaces `${VAR}`, `${VAR:-default}` and `$VAR`
//! before it reads a field, so a field still holding one is not what runs.

/// Where `text` holds a variable Compose would replace: the byte offset of its `$`. `$$`
/// is a literal `$`, not a variable.
pub(super) fn variable(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => {
                    i += 2;
                    continue;
                }
                Some(b'{') => return Some(i),
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => return Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_found_and_escapes_are_not() {
        assert_eq!(variable("${CHAT_PROFILE:-prod}"), Some(0));
        assert_eq!(variable("chat-$ENV"), Some(5));
        assert_eq!(variable("a${B}"), Some(1));
        assert_eq!(variable("$${HOSTNAME}"), None);
        assert_eq!(variable("$$HOME"), None);
        assert_eq!(variable("$$$X"), Some(2));
        assert_eq!(variable("price: 5$"), None);
        assert_eq!(variable("$1"), None);
        assert_eq!(variable("prod"), None);
    }
}
