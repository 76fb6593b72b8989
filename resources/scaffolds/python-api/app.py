"""A REST API made with Flask from a Pipewright blueprint. Data is kept in memory."""

import json
import os
from pathlib import Path

from flask import Flask, jsonify, request

HERE = Path(__file__).resolve().parent
RESOURCES = json.loads((HERE / "resources.json").read_text(encoding="utf-8"))
NAME = "{{name}}"
DESCRIPTION = {{description_json}}


def create_app():
    """An app with its own in-memory data: each call starts empty."""
    app = Flask(__name__)
    data = {r["name"]: {"next_id": 1, "records": {}} for r in RESOURCES}
    by_name = {r["name"]: r for r in RESOURCES}

    def missing_fields(resource, record):
        return [f for f in resource["fields"] if record.get(f) in (None, "")]

    def json_body():
        body = request.get_json(silent=True)
        return body if isinstance(body, dict) else None

    def not_found(message):
        return jsonify(error=message), 404

    @app.get("/")
    def index():
        return jsonify(
            name=NAME,
            description=DESCRIPTION,
            resources=[{"name": r["name"], "path": "/" + r["name"], "fields": r["fields"]} for r in RESOURCES],
        )

    @app.get("/health")
    def health():
        return jsonify(ok=True)

    @app.route("/<name>", methods=["GET", "POST"])
    def collection(name):
        resource = by_name.get(name)
        if resource is None:
            return not_found("no such path: /" + name)
        store = data[name]
        if request.method == "GET":
            return jsonify(list(store["records"].values()))
        body = json_body()
        if body is None:
            return jsonify(error="the body must be a JSON object"), 400
        missing = missing_fields(resource, body)
        if missing:
            return jsonify(error="missing fields: " + ", ".join(missing)), 400
        record = {**body, "id": store["next_id"]}
        store["next_id"] += 1
        store["records"][record["id"]] = record
        return jsonify(record), 201

    @app.route("/<name>/<int:record_id>", methods=["GET", "PUT", "DELETE"])
    def item(name, record_id):
        resource = by_name.get(name)
        if resource is None:
            return not_found("no such path: /" + name)
        records = data[name]["records"]
        existing = records.get(record_id)
        if existing is None:
            return not_found("no %s with id %d" % (resource["singular"], record_id))
        if request.method == "GET":
            return jsonify(existing)
        if request.method == "DELETE":
            del records[record_id]
            return "", 204
        body = json_body()
        if body is None:
            return jsonify(error="the body must be a JSON object"), 400
        updated = {**existing, **body, "id": record_id}
        missing = missing_fields(resource, updated)
        if missing:
            return jsonify(error="missing fields: " + ", ".join(missing)), 400
        records[record_id] = updated
        return jsonify(updated)

    return app


app = create_app()

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8000")))
