import json
import threading
import unittest
import urllib.request

from app import RESOURCES, Api, make_server


def sample(resource, tag):
    record = {"note": tag}
    for field in resource["fields"]:
        record[field] = "%s %s" % (field, tag)
    return record


def body(value):
    return json.dumps(value).encode("utf-8")


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.api = Api()

    def test_health(self):
        self.assertEqual(self.api.handle("GET", "/health"), (200, {"ok": True}))

    def test_index_lists_the_resources(self):
        status, value = self.api.handle("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual([r["name"] for r in value["resources"]], [r["name"] for r in RESOURCES])

    def test_every_resource_round_trip(self):
        for resource in RESOURCES:
            with self.subTest(resource=resource["name"]):
                path = "/" + resource["name"]
                status, record = self.api.handle("POST", path, body(sample(resource, "one")))
                self.assertEqual(status, 201)
                one = "%s/%d" % (path, record["id"])
                self.assertIn(record, self.api.handle("GET", path)[1])
                self.assertEqual(self.api.handle("GET", one), (200, record))
                status, updated = self.api.handle("PUT", one, body({"note": "changed"}))
                self.assertEqual((status, updated["note"]), (200, "changed"))
                self.assertEqual(self.api.handle("DELETE", one)[0], 204)
                self.assertEqual(self.api.handle("GET", one)[0], 404)

    def test_required_fields_are_checked(self):
        for resource in RESOURCES:
            if resource["fields"]:
                with self.subTest(resource=resource["name"]):
                    status, value = self.api.handle("POST", "/" + resource["name"], body({}))
                    self.assertEqual(status, 400)
                    self.assertIn(resource["fields"][0], value["error"])

    def test_bad_json_is_refused(self):
        # Records are sent back as they came: what is let in must be JSON every client can read.
        path = "/" + RESOURCES[0]["name"]
        nested = b'{"a":' + b"[" * 100000 + b"]" * 100000 + b"}"
        for bad in [b"{not json", b"", b"[1]", b'"text"', b'{"a":1,}', b'{"a":NaN}', b'{"a":-Infinity}', b"{} {}", b"\xff", nested]:
            with self.subTest(body=bad[:40]):
                api = Api()
                status, value = api.handle("POST", path, bad)
                self.assertEqual((status, "JSON" in value["error"]), (400, True), value)
                self.assertEqual(api.handle("GET", path), (200, []))

    def test_unknown_path_is_404(self):
        self.assertEqual(self.api.handle("GET", "/no-such-thing")[0], 404)

    def test_serves_over_http(self):
        server = make_server("127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % server.server_port, timeout=5) as res:
                self.assertEqual((res.status, json.load(res)), (200, {"ok": True}))
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
