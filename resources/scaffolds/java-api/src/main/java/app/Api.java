package app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A REST API made by Pipewright from a blueprint, on the JDK alone. Data is kept in memory;
 * each Api starts empty.
 */
public final class Api {
  public static final String NAME = "{{name}}";
  public static final String DESCRIPTION = {{description_code}};

  /** One kind of record: /name and /name/id. */
  public record Resource(String name, String singular, List<String> fields) {}

  public static final List<Resource> RESOURCES = List.of(
{{resources_java}}
  );

  /** What a request gets back: a status and a JSON body (empty for 204). */
  public record Reply(int status, String body) {}

  private static final class Table {
    long nextId = 1;
    final Map<Long, Map<String, String>> records = new TreeMap<>();
  }

  private final Map<String, Table> tables = new TreeMap<>();

  public Api() {
    for (Resource r : RESOURCES) tables.put(r.name(), new Table());
  }

  private static Reply error(int status, String message) {
    return new Reply(status, "{\"error\":" + Json.quote(message) + "}");
  }

  private static String render(long id, Map<String, String> record) {
    StringBuilder out = new StringBuilder("{\"id\":").append(id);
    for (Map.Entry<String, String> e : record.entrySet()) out.append(',').append(Json.quote(e.getKey())).append(':').append(e.getValue());
    return out.append('}').toString();
  }

  private static List<String> missing(Resource r, Map<String, String> record) {
    List<String> out = new ArrayList<>();
    for (String f : r.fields()) {
      String v = record.get(f);
      if (v == null || v.equals("null") || v.equals("\"\"")) out.add(f);
    }
    return out;
  }

  /** Answers one request: method, path (no query) and body. */
  public synchronized Reply handle(String method, String path, String body) {
    if (method.equals("GET") && path.equals("/")) {
      List<String> list = new ArrayList<>();
      for (Resource r : RESOURCES) {
        List<String> fields = new ArrayList<>();
        for (String f : r.fields()) fields.add(Json.quote(f));
        list.add("{\"name\":" + Json.quote(r.name()) + ",\"path\":" + Json.quote("/" + r.name()) + ",\"fields\":[" + String.join(",", fields) + "]}");
      }
      return new Reply(200, "{\"name\":" + Json.quote(NAME) + ",\"description\":" + Json.quote(DESCRIPTION) + ",\"resources\":[" + String.join(",", list) + "]}");
    }
    if (method.equals("GET") && path.equals("/health")) return new Reply(200, "{\"ok\":true}");
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    Resource resource = RESOURCES.stream().filter(r -> r.name().equals(parts[0])).findFirst().orElse(null);
    if (resource == null || parts.length > 2) return error(404, "no such path: " + path);
    Table table = tables.get(resource.name());
    if (parts.length == 1) {
      switch (method) {
        case "GET": {
          List<String> list = new ArrayList<>();
          table.records.forEach((id, r) -> list.add(render(id, r)));
          return new Reply(200, "[" + String.join(",", list) + "]");
        }
        case "POST": {
          Map<String, String> record;
          try {
            record = Json.parseObject(body);
          } catch (IllegalArgumentException e) {
            return error(400, "the body must be a JSON object (" + e.getMessage() + ")");
          }
          record.remove("id");
          List<String> absent = missing(resource, record);
          if (!absent.isEmpty()) return error(400, "missing fields: " + String.join(", ", absent));
          long id = table.nextId++;
          table.records.put(id, record);
          return new Reply(201, render(id, record));
        }
        default:
          return error(405, method + " is not allowed on /" + resource.name());
      }
    }
    long id;
    try {
      id = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      id = -1;
    }
    Map<String, String> existing = table.records.get(id);
    if (existing == null) return error(404, "no " + resource.singular() + " with id " + parts[1]);
    switch (method) {
      case "GET":
        return new Reply(200, render(id, existing));
      case "DELETE":
        table.records.remove(id);
        return new Reply(204, "");
      case "PUT": {
        Map<String, String> changes;
        try {
          changes = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
          return error(400, "the body must be a JSON object (" + e.getMessage() + ")");
        }
        changes.remove("id");
        Map<String, String> updated = new TreeMap<>(existing);
        updated.putAll(changes);
        List<String> absent = missing(resource, updated);
        if (!absent.isEmpty()) return error(400, "missing fields: " + String.join(", ", absent));
        table.records.put(id, updated);
        return new Reply(200, render(id, updated));
      }
      default:
        return error(405, method + " is not allowed on /" + resource.name() + "/<id>");
    }
  }
}
