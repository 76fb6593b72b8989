package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every route of every resource, through Api.handle and once over HTTP. */
class ApiTest {
  private static String sample(Api.Resource r, String tag) {
    List<String> members = new ArrayList<>(List.of("\"note\":" + Json.quote(tag)));
    for (String f : r.fields()) members.add(Json.quote(f) + ":" + Json.quote(f + " " + tag));
    return "{" + String.join(",", members) + "}";
  }

  @Test
  void healthAnswersOk() {
    Api.Reply reply = new Api().handle("GET", "/health", "");
    assertEquals(200, reply.status());
    assertEquals("{\"ok\":true}", reply.body());
  }

  @Test
  void indexListsTheResources() {
    Api.Reply reply = new Api().handle("GET", "/", "");
    assertEquals(200, reply.status());
    for (Api.Resource r : Api.RESOURCES) assertTrue(reply.body().contains("\"name\":\"" + r.name() + "\""), reply.body());
  }

  @Test
  void everyResourceRoundTrip() {
    for (Api.Resource r : Api.RESOURCES) {
      Api api = new Api();
      String path = "/" + r.name();
      Api.Reply created = api.handle("POST", path, sample(r, "one"));
      assertEquals(201, created.status(), "POST " + path + ": " + created.body());
      String one = path + "/" + Json.parseObject(created.body()).get("id");
      assertEquals("[" + created.body() + "]", api.handle("GET", path, "").body(), "GET " + path);
      assertEquals(created.body(), api.handle("GET", one, "").body(), "GET " + one);
      Api.Reply updated = api.handle("PUT", one, "{\"note\": \"changed\"}");
      assertEquals("\"changed\"", Json.parseObject(updated.body()).get("note"), "PUT " + one);
      assertEquals(204, api.handle("DELETE", one, "").status(), "DELETE " + one);
      assertEquals(404, api.handle("GET", one, "").status(), "GET " + one + " after DELETE");
    }
  }

  @Test
  void requiredFieldsAreChecked() {
    for (Api.Resource r : Api.RESOURCES) {
      if (r.fields().isEmpty()) continue;
      Api.Reply reply = new Api().handle("POST", "/" + r.name(), "{}");
      assertEquals(400, reply.status());
      assertTrue(reply.body().contains(r.fields().get(0)), reply.body());
    }
  }

  @Test
  void badJsonIsRefused() {
    // Values are sent back as they came: what is let in must be JSON every client can read.
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    String[] bodies = {"{not json", "", "[1]", "\"text\"", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}",
      "{\"a\":NaN}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":tru}", "{} {}", "{\"a\":" + nested + "}"};
    for (String body : bodies) {
      Api api = new Api();
      String path = "/" + Api.RESOURCES.get(0).name();
      Api.Reply reply = api.handle("POST", path, body);
      assertEquals(400, reply.status(), "POST " + body.substring(0, Math.min(body.length(), 40)));
      assertTrue(reply.body().contains("JSON"), reply.body());
      assertEquals("[]", api.handle("GET", path, "").body());
    }
  }

  @Test
  void everyKindOfValueComesBackAsSent() {
    // Fields are snake_case: a hyphenated key is never one of them.
    Api.Resource r = Api.RESOURCES.get(0);
    List<String> members = new ArrayList<>(List.of("\"x-text\":\"a \\\"q\\\" \\\\ \\u00e9 \\n\"", "\"x-n\":-1.5e3", "\"x-yes\":true", "\"x-none\":null", "\"x-list\":[1,\"x\",[]]", "\"x-obj\":{\"k\":{}}"));
    for (String f : r.fields()) members.add(Json.quote(f) + ":0");
    String sent = "{" + String.join(",", members) + "}";
    Api.Reply created = new Api().handle("POST", "/" + r.name(), sent);
    assertEquals(201, created.status(), created.body());
    Map<String, String> back = Json.parseObject(created.body());
    assertEquals("\"a \\\"q\\\" \\\\ \\u00e9 \\n\"", back.get("x-text"));
    assertEquals("-1.5e3", back.get("x-n"));
    assertEquals("[1,\"x\",[]]", back.get("x-list"));
    assertEquals("{\"k\":{}}", back.get("x-obj"));
  }

  @Test
  void unknownPathIs404() {
    assertEquals(404, new Api().handle("GET", "/no-such-thing", "").status());
  }

  @Test
  void servesOverHttp() throws Exception {
    HttpServer server = Main.server("127.0.0.1", 0);
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
      HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, res.statusCode());
      assertEquals("{\"ok\":true}", res.body());
    } finally {
      server.stop(0);
    }
  }
}
