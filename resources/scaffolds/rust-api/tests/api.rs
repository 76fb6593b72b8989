//! Every route of every resource, through `Api::handle` and once over TCP.
use api::{parse_object, quote, Api, RESOURCES};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

fn sample(fields: &[&str], tag: &str) -> String {
    let mut members = vec![format!("\"note\":{}", quote(tag))];
    for f in fields {
        members.push(format!("{}:{}", quote(f), quote(&format!("{} {}", f, tag))));
    }
    format!("{{{}}}", members.join(","))
}

#[test]
fn health_answers_ok() {
    let reply = Api::new().handle("GET", "/health", "");
    assert_eq!((reply.status, reply.body.as_str()), (200, "{\"ok\":true}"));
}

#[test]
fn index_lists_the_resources() {
    let reply = Api::new().handle("GET", "/", "");
    assert_eq!(reply.status, 200);
    for r in RESOURCES {
        assert!(reply.body.contains(&format!("\"name\":\"{}\"", r.name)), "GET / does not list {}: {}", r.name, reply.body);
    }
}

#[test]
fn every_resource_round_trip() {
    for r in RESOURCES {
        let mut api = Api::new();
        let path = format!("/{}", r.name);
        let created = api.handle("POST", &path, &sample(r.fields, "one"));
        assert_eq!(created.status, 201, "POST {}: {}", path, created.body);
        let record = parse_object(&created.body).unwrap();
        let one = format!("{}/{}", path, record["id"]);
        let list = api.handle("GET", &path, "");
        assert_eq!(list.body, format!("[{}]", created.body), "GET {}", path);
        assert_eq!(api.handle("GET", &one, "").body, created.body, "GET {}", one);
        let updated = api.handle("PUT", &one, "{\"note\": \"changed\"}");
        assert_eq!(parse_object(&updated.body).unwrap()["note"], "\"changed\"", "PUT {}", one);
        assert_eq!(api.handle("DELETE", &one, "").status, 204, "DELETE {}", one);
        assert_eq!(api.handle("GET", &one, "").status, 404, "GET {} after DELETE", one);
    }
}

#[test]
fn required_fields_are_checked() {
    for r in RESOURCES.iter().filter(|r| !r.fields.is_empty()) {
        let reply = Api::new().handle("POST", &format!("/{}", r.name), "{}");
        assert_eq!(reply.status, 400);
        assert!(reply.body.contains(r.fields[0]), "{}", reply.body);
    }
}

#[test]
fn bad_json_is_refused() {
    // Values are sent back as they came: what is let in must be JSON every client can read.
    let nested = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let bodies = [
        "{not json", "", "[1]", "\"text\"", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}",
        "{\"a\":inf}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":tru}", "{} {}", nested.as_str(),
    ];
    let path = format!("/{}", RESOURCES[0].name);
    for body in bodies {
        let mut api = Api::new();
        let reply = api.handle("POST", &path, body);
        assert_eq!(reply.status, 400, "POST {:.40}", body);
        assert!(reply.body.contains("JSON"), "{}", reply.body);
        assert_eq!(api.handle("GET", &path, "").body, "[]");
    }
}

#[test]
fn every_kind_of_value_comes_back_as_sent() {
    // Fields are snake_case: a hyphenated key is never one of them.
    let r = &RESOURCES[0];
    let mut members: Vec<String> = r.fields.iter().map(|f| format!("{}:0", quote(f))).collect();
    members.extend(
        ["\"x-text\":\"a \\\"q\\\" \\\\ \\u00e9 \\ud83d\\ude00 \\n\"", "\"x-n\":-1.5e3", "\"x-yes\":true", "\"x-none\":null", "\"x-list\":[1,\"x\",[]]", "\"x-obj\":{\"k\":{}}"]
            .map(String::from),
    );
    let created = Api::new().handle("POST", &format!("/{}", r.name), &format!("{{{}}}", members.join(",")));
    assert_eq!(created.status, 201, "{}", created.body);
    let back = parse_object(&created.body).unwrap();
    assert_eq!(back["x-text"], "\"a \\\"q\\\" \\\\ \\u00e9 \\ud83d\\ude00 \\n\"");
    assert_eq!(back["x-n"], "-1.5e3");
    assert_eq!(back["x-list"], "[1,\"x\",[]]");
    assert_eq!(back["x-obj"], "{\"k\":{}}");
}

#[test]
fn escaped_keys_are_decoded() {
    let record = parse_object("{\"caf\\u00e9\":1,\"a\\nb\":2}").unwrap();
    assert_eq!(record["café"], "1");
    assert_eq!(record["a\nb"], "2");
}

#[test]
fn unknown_path_is_404() {
    assert_eq!(Api::new().handle("GET", "/no-such-thing", "").status, 404);
}

#[test]
fn serves_over_http() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || api::serve(listener));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{}", answer);
    assert!(answer.ends_with("{\"ok\":true}"), "{}", answer);
}
