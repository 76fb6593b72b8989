//! Starts the API on $HOST:$PORT (default 0.0.0.0:8080).
use std::env;
use std::net::TcpListener;

fn main() {
    let host = env::var("HOST").unwrap_or_else(|_| "0.0.0.0".to_string());
    let port = env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("{}:{}", host, port)).expect("could not listen on $HOST:$PORT");
    println!("{} listening on {}:{}", api::NAME, host, port);
    api::serve(listener);
}
