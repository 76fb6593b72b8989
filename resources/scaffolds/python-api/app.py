"""A REST API made by Pipewright from a blueprint, on Python's standard library alone (nothing
to install). Data is kept in memory."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESOURCES = json.loads((HERE / "resources.json").read_text(encoding="utf-8"))
NAME = "{{name}}"
DESCRIPTION = {{description_json}}
MAX_BODY_BYTES = 1024 * 1024


def refuse_constant(name):
    raise ValueError("%s is not JSON" % name)


class Api:
    """Every resource's records in memory: each Api starts empty."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_name = {r["name"]: r for r in RESOURCES}
        self.data = {r["name"]: {"next_id": 1, "records": {}} for r in RESOURCES}

    @staticmethod
    def missing_fields(resource, record):
        return [f for f in resource["fields"] if record.get(f) in (None, "")]

    def handle(self, method, path, body=b""):
        """Answers one request: returns (status, a JSON-ready value or None)."""
        with self.lock:
            return self._handle(method, path.split("?")[0], body)

    def _handle(self, method, path, body):
        if method == "GET" and path == "/":
            listed = [{"name": r["name"], "path": "/" + r["name"], "fields": r["fields"]} for r in RESOURCES]
            return 200, {"name": NAME, "description": DESCRIPTION, "resources": listed}
        if method == "GET" and path == "/health":
            return 200, {"ok": True}
        parts = path.strip("/").split("/")
        resource = self.by_name.get(parts[0])
        if resource is None or len(parts) > 2:
            return 404, {"error": "no such path: " + path}
        store = self.data[resource["name"]]
        records = store["records"]
        if len(parts) == 1:
            if method == "GET":
                return 200, list(records.values())
            if method != "POST":
                return 405, {"error": "%s is not allowed on /%s" % (method, resource["name"])}
            record = self.json_object(body)
            if record is None:
                return 400, {"error": "the body must be a JSON object"}
            missing = self.missing_fields(resource, record)
            if missing:
                return 400, {"error": "missing fields: " + ", ".join(missing)}
            record = {**record, "id": store["next_id"]}
            store["next_id"] += 1
            records[record["id"]] = record
            return 201, record
        record_id = int(parts[1]) if parts[1].isdigit() else None
        existing = records.get(record_id)
        if existing is None:
            return 404, {"error": "no %s with id %s" % (resource["singular"], parts[1])}
        if method == "GET":
            return 200, existing
        if method == "DELETE":
            del records[record_id]
            return 204, None
        if method != "PUT":
            return 405, {"error": "%s is not allowed on /%s/<id>" % (method, resource["name"])}
        changes = self.json_object(body)
        if changes is None:
            return 400, {"error": "the body must be a JSON object"}
        updated = {**existing, **changes, "id": record_id}
        missing = self.missing_fields(resource, updated)
        if missing:
            return 400, {"error": "missing fields: " + ", ".join(missing)}
        records[record_id] = updated
        return 200, updated

    @staticmethod
    def json_object(body):
        try:
            # NaN and Infinity are Python's, not JSON's: sent back, no other client could read them.
            value = json.loads(body or b"null", parse_constant=refuse_constant)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None


def make_server(host, port, api=None):
    """An HTTP server for `api` (a fresh one by default) on host:port (0: any free port)."""
    api = api or Api()

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY_BYTES:
                status, value = 400 if length < 0 else 413, {"error": "the body must be a JSON object of at most 1 MB"}
                self.close_connection = True
            else:
                status, value = api.handle(self.command, self.path, self.rfile.read(length))
            out = b"" if value is None else json.dumps(value).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer

    return ThreadingHTTPServer((host, port), Handler)


if __name__ == "__main__":
    host, port = os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8000"))
    print("%s listening on %s:%d" % (NAME, host, port), flush=True)
    make_server(host, port).serve_forever()
