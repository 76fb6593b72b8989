//! Just enough JSON for records: an object's members, each value checked and kept as its JSON text.
use std::collections::BTreeMap;

/// `text` as a JSON string.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Deeper nesting is refused: a body of ten thousand brackets must not overflow the stack.
pub const MAX_DEPTH: usize = 64;

/// A strict reader (RFC 8259): values are kept as their text and sent back as they came, so
/// anything it lets through must be valid JSON for every client that reads it later.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn skip_space(&mut self) {
        while self.at < self.text.len() && matches!(self.text[self.at], b' ' | b'\t' | b'\r' | b'\n') {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", byte as char, self.at))
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).and_then(|d| std::str::from_utf8(d).ok()).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        let code = digits.map(|d| u32::from_str_radix(d, 16).unwrap()).ok_or_else(|| format!("\\u needs four hex digits at byte {}", self.at))?;
        self.at += 4;
        Ok(code)
    }

    /// A string's decoded value.
    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out: Vec<u8> = Vec::new();
        while self.at < self.text.len() {
            let b = self.text[self.at];
            self.at += 1;
            match b {
                b'"' => return String::from_utf8(out).map_err(|e| e.to_string()),
                0..=0x1f => return Err(format!("a control character in a string at byte {} (write it as \\u{:04x})", self.at - 1, b)),
                b'\\' => {
                    let e = self.text.get(self.at).copied().ok_or("a string is not closed")?;
                    self.at += 1;
                    let decoded = match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut code = self.hex4()?;
                            // A pair of escapes stands for one character beyond the 16-bit range.
                            if (0xd800..0xdc00).contains(&code) && self.text.get(self.at..self.at + 2) == Some(b"\\u") {
                                let at = self.at;
                                self.at += 2;
                                let low = self.hex4()?;
                                if (0xdc00..0xe000).contains(&low) {
                                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                                } else {
                                    self.at = at;
                                }
                            }
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return Err(format!("unknown escape \\{} at byte {}", e as char, self.at - 2)),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(decoded.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
        Err("a string is not closed".to_string())
    }

    /// Skips one value of any kind, checking its shape.
    fn value(&mut self, depth: usize) -> Result<(), String> {
        match self.peek() {
            Some(b'"') => self.string().map(|_| ()),
            Some(open @ (b'{' | b'[')) => {
                if depth >= MAX_DEPTH {
                    return Err(format!("values nest deeper than {} levels", MAX_DEPTH));
                }
                self.at += 1;
                let close = if open == b'{' { b'}' } else { b']' };
                if self.peek() == Some(close) {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    if open == b'{' {
                        self.string()?;
                        self.expect(b':')?;
                    }
                    self.value(depth + 1)?;
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b) if b == close => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(format!("expected ',' or '{}' at byte {}", close as char, self.at)),
                    }
                }
            }
            Some(_) => {
                let start = self.at;
                while self.at < self.text.len() && !b",}] \t\r\n".contains(&self.text[self.at]) {
                    self.at += 1;
                }
                let word = std::str::from_utf8(&self.text[start..self.at]).unwrap_or("");
                if word == "true" || word == "false" || word == "null" || is_number(word) {
                    Ok(())
                } else {
                    Err(format!("unexpected {:?} at byte {}", word, start))
                }
            }
            None => Err("the text ends too early".to_string()),
        }
    }
}

/// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_number(word: &str) -> bool {
    let b = word.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The members of a JSON object, each value as its JSON text.
pub fn parse_object(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut reader = Reader { text: text.as_bytes(), at: 0 };
    let mut members = BTreeMap::new();
    reader.expect(b'{')?;
    if reader.peek() == Some(b'}') {
        reader.at += 1;
    } else {
        loop {
            let key = reader.string()?;
            reader.expect(b':')?;
            reader.skip_space();
            let start = reader.at;
            reader.value(1)?;
            members.insert(key, String::from_utf8_lossy(&reader.text[start..reader.at]).into_owned());
            match reader.peek() {
                Some(b',') => reader.at += 1,
                Some(b'}') => {
                    reader.at += 1;
                    break;
                }
                _ => return Err(format!("expected ',' or '}}' at byte {}", reader.at)),
            }
        }
    }
    if reader.peek().is_some() {
        return Err("there is more after the object".to_string());
    }
    Ok(members)
}
