//! A REST API made by Pipewright from a blueprint, on Rust's standard library alone (it builds
//! without crates.io). Data is kept in memory.
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

mod json;
pub use json::{parse_object, quote};

pub const NAME: &str = "{{name}}";
pub const DESCRIPTION: &str = {{description_code}};

/// One kind of record: `/<name>` and `/<name>/<id>`.
pub struct Resource {
    pub name: &'static str,
    pub singular: &'static str,
    pub fields: &'static [&'static str],
}

pub const RESOURCES: &[Resource] = &[
{{resources_rust}}
];

/// A record: field name → its value as JSON text.
pub type Record = BTreeMap<String, String>;

/// What a request gets back: a status and a JSON body (empty for 204).
pub struct Reply {
    pub status: u16,
    pub body: String,
}

fn reply(status: u16, body: String) -> Reply {
    Reply { status, body }
}

fn error(status: u16, message: &str) -> Reply {
    reply(status, format!("{{\"error\":{}}}", quote(message)))
}

fn render(id: u64, record: &Record) -> String {
    let mut parts = vec![format!("\"id\":{}", id)];
    for (k, v) in record {
        parts.push(format!("{}:{}", quote(k), v));
    }
    format!("{{{}}}", parts.join(","))
}

fn missing(resource: &Resource, record: &Record) -> Vec<&'static str> {
    resource
        .fields
        .iter()
        .copied()
        .filter(|f| matches!(record.get(*f).map(|v| v.as_str()), None | Some("null") | Some("\"\"")))
        .collect()
}

/// Every resource's records, in memory; each `Api::new()` starts empty.
#[derive(Default)]
pub struct Api {
    tables: BTreeMap<&'static str, (u64, BTreeMap<u64, Record>)>,
}

impl Api {
    pub fn new() -> Api {
        let mut api = Api::default();
        for r in RESOURCES {
            api.tables.insert(r.name, (1, BTreeMap::new()));
        }
        api
    }

    /// Answers one request: `method`, `path` (no query) and the body.
    pub fn handle(&mut self, method: &str, path: &str, body: &str) -> Reply {
        if method == "GET" && path == "/" {
            let list: Vec<String> = RESOURCES
                .iter()
                .map(|r| {
                    let fields: Vec<String> = r.fields.iter().map(|f| quote(f)).collect();
                    format!("{{\"name\":{},\"path\":{},\"fields\":[{}]}}", quote(r.name), quote(&format!("/{}", r.name)), fields.join(","))
                })
                .collect();
            return reply(200, format!("{{\"name\":{},\"description\":{},\"resources\":[{}]}}", quote(NAME), quote(DESCRIPTION), list.join(",")));
        }
        if method == "GET" && path == "/health" {
            return reply(200, "{\"ok\":true}".to_string());
        }
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let resource = match RESOURCES.iter().find(|r| r.name == parts[0]) {
            Some(r) if parts.len() <= 2 => r,
            _ => return error(404, &format!("no such path: {}", path)),
        };
        let (next_id, records) = self.tables.get_mut(resource.name).expect("a table per resource");
        if parts.len() == 1 {
            return match method {
                "GET" => {
                    let list: Vec<String> = records.iter().map(|(id, r)| render(*id, r)).collect();
                    reply(200, format!("[{}]", list.join(",")))
                }
                "POST" => match parse_object(body) {
                    Ok(mut record) => {
                        record.remove("id");
                        let absent = missing(resource, &record);
                        if !absent.is_empty() {
                            return error(400, &format!("missing fields: {}", absent.join(", ")));
                        }
                        let id = *next_id;
                        *next_id += 1;
                        let text = render(id, &record);
                        records.insert(id, record);
                        reply(201, text)
                    }
                    Err(why) => error(400, &format!("the body must be a JSON object ({})", why)),
                },
                _ => error(405, &format!("{} is not allowed on /{}", method, resource.name)),
            };
        }
        let id: u64 = match parts[1].parse() {
            Ok(id) if records.contains_key(&id) => id,
            _ => return error(404, &format!("no {} with id {}", resource.singular, parts[1])),
        };
        match method {
            "GET" => reply(200, render(id, &records[&id])),
            "DELETE" => {
                records.remove(&id);
                reply(204, String::new())
            }
            "PUT" => match parse_object(body) {
                Ok(changes) => {
                    let mut updated = records[&id].clone();
                    for (k, v) in changes {
                        if k != "id" {
                            updated.insert(k, v);
                        }
                    }
                    let absent = missing(resource, &updated);
                    if !absent.is_empty() {
                        return error(400, &format!("missing fields: {}", absent.join(", ")));
                    }
                    let text = render(id, &updated);
                    records.insert(id, updated);
                    reply(200, text)
                }
                Err(why) => error(400, &format!("the body must be a JSON object ({})", why)),
            },
            _ => error(405, &format!("{} is not allowed on /{}/<id>", method, resource.name)),
        }
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// Reads one HTTP/1.1 request (headers, then Content-Length bytes) and answers it.
fn answer(api: &Mutex<Api>, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let target = words.next().unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/").to_string();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let result = api.lock().unwrap_or_else(|e| e.into_inner()).handle(&method, &path, &String::from_utf8_lossy(&body));
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        result.status,
        status_text(result.status),
        result.body.len(),
        result.body
    )?;
    out.flush()
}

/// Serves the API on `listener`, a thread per connection, until the process ends.
pub fn serve(listener: TcpListener) {
    let api = Arc::new(Mutex::new(Api::new()));
    for stream in listener.incoming().flatten() {
        let api = Arc::clone(&api);
        thread::spawn(move || {
            let _ = answer(&api, stream);
        });
    }
}
