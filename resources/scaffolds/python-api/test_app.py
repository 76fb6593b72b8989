import unittest

from app import RESOURCES, create_app


def sample(resource, tag):
    record = {"note": tag}
    for field in resource["fields"]:
        record[field] = "%s %s" % (field, tag)
    return record


class ApiTest(unittest.TestCase):
    def setUp(self):
        self.client = create_app().test_client()

    def test_index_lists_the_resources(self):
        res = self.client.get("/")
        self.assertEqual(res.status_code, 200)
        self.assertEqual([r["name"] for r in res.get_json()["resources"]], [r["name"] for r in RESOURCES])

    def test_every_resource_round_trip(self):
        for resource in RESOURCES:
            with self.subTest(resource=resource["name"]):
                path = "/" + resource["name"]
                created = self.client.post(path, json=sample(resource, "one"))
                self.assertEqual(created.status_code, 201)
                record = created.get_json()
                self.assertIn(record, self.client.get(path).get_json())
                self.assertEqual(self.client.get("%s/%d" % (path, record["id"])).get_json(), record)
                updated = self.client.put("%s/%d" % (path, record["id"]), json={"note": "changed"})
                self.assertEqual(updated.get_json()["note"], "changed")
                self.assertEqual(self.client.delete("%s/%d" % (path, record["id"])).status_code, 204)
                self.assertEqual(self.client.get("%s/%d" % (path, record["id"])).status_code, 404)

    def test_required_fields_are_checked(self):
        for resource in RESOURCES:
            if resource["fields"]:
                with self.subTest(resource=resource["name"]):
                    res = self.client.post("/" + resource["name"], json={})
                    self.assertEqual(res.status_code, 400)
                    self.assertIn(resource["fields"][0], res.get_json()["error"])

    def test_unknown_path_is_404(self):
        self.assertEqual(self.client.get("/no-such-thing").status_code, 404)


if __name__ == "__main__":
    unittest.main()
