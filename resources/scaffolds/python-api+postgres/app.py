"""A REST API made by Pipewright from a blueprint, keeping its records in PostgreSQL when
DATABASE_URL names one (psycopg2, see requirements.txt), in memory otherwise (the tests)."""

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


def table(resource):
    # Resource names are slugs (letters, digits, -): safe as identifiers once - becomes _.
    return "r_" + resource["name"].replace("-", "_")


class MemoryStore:
    """Records in memory, each store empty at first: for tests and for running without a database."""

    database = "in memory"

    def __init__(self):
        self.lock = threading.Lock()
        self.data = {r["name"]: {"next_id": 1, "records": {}} for r in RESOURCES}

    def ping(self):
        return None

    def list(self, resource):
        with self.lock:
            return list(self.data[resource["name"]]["records"].values())

    def create(self, resource, record):
        with self.lock:
            store = self.data[resource["name"]]
            record = {**record, "id": store["next_id"]}
            store["next_id"] += 1
            store["records"][record["id"]] = record
            return record

    def get(self, resource, record_id):
        with self.lock:
            return self.data[resource["name"]]["records"].get(record_id)

    def replace(self, resource, record_id, record):
        with self.lock:
            self.data[resource["name"]]["records"][record_id] = record
            return record

    def delete(self, resource, record_id):
        with self.lock:
            self.data[resource["name"]]["records"].pop(record_id, None)


class PostgresStore:
    """Records in PostgreSQL: one table per resource, each record a JSON document beside its id."""

    database = "postgresql"

    def __init__(self, url):
        self.url = url
        self.ready = False

    def connect(self):
        import psycopg2  # only needed with a database: the tests run without it

        conn = psycopg2.connect(self.url, connect_timeout=3)
        if not self.ready:
            with conn, conn.cursor() as cur:
                for r in RESOURCES:
                    cur.execute("CREATE TABLE IF NOT EXISTS %s (id SERIAL PRIMARY KEY, data JSONB NOT NULL)" % table(r))
            self.ready = True
        return conn

    def run(self, sql, args=(), fetch="none"):
        conn = self.connect()
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql, args)
                if fetch == "one":
                    return cur.fetchone()
                if fetch == "all":
                    return cur.fetchall()
                return None
        finally:
            conn.close()

    def ping(self):
        """None when the database answers, else why not."""
        try:
            self.run("SELECT 1", fetch="one")
            return None
        except Exception as error:  # any failure to reach it is reported, never raised
            return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

    @staticmethod
    def record(row):
        return {**row[1], "id": row[0]}

    def list(self, resource):
        return [self.record(r) for r in self.run("SELECT id, data FROM %s ORDER BY id" % table(resource), fetch="all")]

    def create(self, resource, record):
        data = {k: v for k, v in record.items() if k != "id"}
        row = self.run("INSERT INTO %s (data) VALUES (%%s) RETURNING id, data" % table(resource), (json.dumps(data),), fetch="one")
        return self.record(row)

    def get(self, resource, record_id):
        row = self.run("SELECT id, data FROM %s WHERE id = %%s" % table(resource), (record_id,), fetch="one")
        return self.record(row) if row else None

    def replace(self, resource, record_id, record):
        data = {k: v for k, v in record.items() if k != "id"}
        self.run("UPDATE %s SET data = %%s WHERE id = %%s" % table(resource), (json.dumps(data), record_id))
        return record

    def delete(self, resource, record_id):
        self.run("DELETE FROM %s WHERE id = %%s" % table(resource), (record_id,))


def default_store():
    url = os.environ.get("DATABASE_URL")
    return PostgresStore(url) if url else MemoryStore()


class Api:
    """The routes, over a store (in memory unless one is given)."""

    def __init__(self, store=None):
        self.store = store or MemoryStore()
        self.by_name = {r["name"]: r for r in RESOURCES}

    @staticmethod
    def missing_fields(resource, record):
        return [f for f in resource["fields"] if record.get(f) in (None, "")]

    def handle(self, method, path, body=b""):
        """Answers one request: returns (status, a JSON-ready value or None)."""
        try:
            return self._handle(method, path.split("?")[0], body)
        except Exception as error:  # a database that went away answers 503, not a dropped connection
            if isinstance(self.store, PostgresStore):
                return 503, {"error": "the database is unreachable: %s" % str(error).strip().splitlines()[0]}
            raise

    def health(self):
        problem = self.store.ping()
        if problem is None:
            return 200, {"status": "ok", "database": "reachable" if isinstance(self.store, PostgresStore) else self.store.database}
        return 503, {"status": "error", "database": "unreachable", "error": problem}

    def _handle(self, method, path, body):
        if method == "GET" and path == "/":
            listed = [{"name": r["name"], "path": "/" + r["name"], "fields": r["fields"]} for r in RESOURCES]
            return 200, {"name": NAME, "description": DESCRIPTION, "resources": listed}
        if method == "GET" and path == "/health":
            return self.health()
        parts = path.strip("/").split("/")
        resource = self.by_name.get(parts[0])
        if resource is None or len(parts) > 2:
            return 404, {"error": "no such path: " + path}
        if len(parts) == 1:
            if method == "GET":
                return 200, self.store.list(resource)
            if method != "POST":
                return 405, {"error": "%s is not allowed on /%s" % (method, resource["name"])}
            record = self.json_object(body)
            if record is None:
                return 400, {"error": "the body must be a JSON object"}
            missing = self.missing_fields(resource, record)
            if missing:
                return 400, {"error": "missing fields: " + ", ".join(missing)}
            return 201, self.store.create(resource, record)
        record_id = int(parts[1]) if parts[1].isdigit() else None
        existing = self.store.get(resource, record_id) if record_id is not None else None
        if existing is None:
            return 404, {"error": "no %s with id %s" % (resource["singular"], parts[1])}
        if method == "GET":
            return 200, existing
        if method == "DELETE":
            self.store.delete(resource, record_id)
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
        return 200, self.store.replace(resource, record_id, updated)

    @staticmethod
    def json_object(body):
        try:
            # NaN and Infinity are Python's, not JSON's: sent back, no other client could read them.
            value = json.loads(body or b"null", parse_constant=refuse_constant)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None


def make_server(host, port, api=None):
    """An HTTP server for `api` (a fresh in-memory one by default) on host:port (0: any free port)."""
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
    api = Api(default_store())
    print("%s listening on %s:%d (records: %s)" % (NAME, host, port, api.store.database), flush=True)
    make_server(host, port, api).serve_forever()
