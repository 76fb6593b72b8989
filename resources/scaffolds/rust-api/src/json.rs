//! Just enough JSON for flat records: an object's members, each value kept as its JSON text.
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

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn skip_space(&mut self) {
        while self.at < self.text.len() && self.text[self.at].is_ascii_whitespace() {
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

    /// A string's decoded value.
    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let start = self.at;
        let mut escaped = false;
        while self.at < self.text.len() {
            let b = self.text[self.at];
            self.at += 1;
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                let raw = std::str::from_utf8(&self.text[start..self.at - 1]).map_err(|e| e.to_string())?;
                return Ok(raw.replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        Err("a string is not closed".to_string())
    }

    /// Skips one value of any kind, checking its shape.
    fn value(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(b'"') => self.string().map(|_| ()),
            Some(open @ (b'{' | b'[')) => {
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
                    self.value()?;
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
                if word == "true" || word == "false" || word == "null" || word.parse::<f64>().is_ok() {
                    Ok(())
                } else {
                    Err(format!("unexpected {:?} at byte {}", word, start))
                }
            }
            None => Err("the text ends too early".to_string()),
        }
    }
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
            reader.value()?;
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
