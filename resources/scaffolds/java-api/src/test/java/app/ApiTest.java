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
    assertEquals(400, new Api().handle("POST", "/" + Api.RESOURCES.get(0).name(), "{not json").status());
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
